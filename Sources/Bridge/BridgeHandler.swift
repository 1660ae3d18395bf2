import AsyncHTTPClient
import EventDispatch
package import LambdaRuntime
package import Logging
import ModalClient
import SecretsManager

/// The `bootstrap` default handler: each event goes through the dispatcher to the Modal function, and the answer
/// has the shape its source expects.
package struct BridgeHandler: LambdaHandler, LambdaBackgroundService {
    package let configuration: BridgeConfiguration
    private let client: any ModalCalling
    private let connections: ModalClient?

    /// A handler over any Modal caller (tests use a fake; `make` uses the real client).
    package init(configuration: BridgeConfiguration, client: any ModalCalling) {
        self.configuration = configuration
        self.client = client
        self.connections = client as? ModalClient
    }

    /// Builds the handler at init from its configuration: the Modal client, and the token's source (the
    /// environment's pair, or the Secrets Manager secret behind a cache).
    package static func make(_ configuration: BridgeConfiguration, logger: Logger) throws -> BridgeHandler {
        let httpClient = HTTPClient.shared
        let credentials: any ModalCredentialSource
        switch configuration.token {
        case .direct(let pair):
            credentials = ModalStaticCredentialSource(pair)
        case .secretsManager(let secret, let service):
            let fetcher = SecretsManagerClient(configuration: service, httpClient: httpClient, logger: logger)
            credentials = TokenProviderSource(
                provider: ModalTokenProvider(secret: secret, fetcher: fetcher, logger: logger)
            )
        }
        let client = try ModalClient(
            configuration: configuration.modal,
            credentials: credentials,
            httpClient: httpClient,
            logger: logger
        )
        logger.info(
            "bridge ready",
            metadata: [
                "app": .string(configuration.function.appName),
                "function": .string(configuration.function.functionName),
                "environment": .string(configuration.function.environmentName ?? ""),
                "pattern": .string(configuration.pattern.rawValue),
                "mode": .string(configuration.dispatch.mode.rawValue),
                "token": .string(configuration.token.description),
            ]
        )
        return BridgeHandler(configuration: configuration, client: client)
    }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let invoker = ModalInvoker(
            client: client,
            function: configuration.function,
            parameters: configuration.parameters,
            pattern: configuration.pattern,
            deadline: context.deadline,
            logger: context.logger
        )
        // Record mode answers before the Modal client's own end-of-call work: its last long-polls return 250 ms
        // before its call deadline (1.5 s before Lambda's) and 1,000 of them at once delay an answer built then.
        let dispatcher = Dispatcher(
            configuration: configuration.dispatch,
            invoker: invoker,
            answerBy: context.budget.limit - BridgeHandler.recordAnswerLead
        )
        // The Modal token of this invocation: read at most once, within its budget, logged with its request id.
        let credentials = InvocationCredentials(limit: context.budget.limit, logger: context.logger)
        return try await InvocationCredentials.$current.withValue(credentials) {
            try await dispatcher.handle(event: event, logger: context.logger)
        }
    }

    /// How long before the budget limit record mode builds its answer when calls are still running.
    static let recordAnswerLead: Duration = .milliseconds(750)

    package func runBackground() async throws {
        try await connections?.run()
    }

    package func stopBackground() {
        connections?.shutdown()
    }
}
