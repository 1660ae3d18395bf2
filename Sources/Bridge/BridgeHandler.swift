import AsyncHTTPClient
import EventDispatch
package import LambdaRuntime
import Logging
import ModalClient
import SecretsManager

/// The `bootstrap` default handler: each event goes through the dispatcher to the Modal function, and the answer
/// has the shape its source expects.
package struct BridgeHandler: LambdaHandler {
    package let configuration: BridgeConfiguration
    private let client: any ModalCalling
    package let services: [any LambdaService]

    /// A handler over any Modal caller (tests use a fake; `make` uses the real client, which is also the service
    /// that runs its connections).
    package init(configuration: BridgeConfiguration, client: any ModalCalling, services: [any LambdaService] = []) {
        self.configuration = configuration
        self.client = client
        self.services = services
    }

    /// Builds the handler at init: configuration errors surface as `Config.Invalid` naming the variable.
    package static func make(_ setup: HandlerSetup) throws -> BridgeHandler {
        let configuration = try BridgeConfiguration(environment: setup.environment)
        let httpClient = HTTPClient.shared
        var fetcher: (any SecretValueFetching)?
        if let secretsManager = configuration.secretsManager {
            fetcher = SecretsManagerClient(configuration: secretsManager, httpClient: httpClient, logger: setup.logger)
        }
        let provider = try ModalTokenProvider(
            configuration: configuration.token,
            fetcher: fetcher,
            logger: setup.logger
        )
        let client = try ModalClient(
            configuration: configuration.modal,
            credentials: TokenProviderSource(provider: provider),
            httpClient: httpClient,
            logger: setup.logger
        )
        setup.logger.info(
            "bridge ready",
            metadata: [
                "app": .string(configuration.function.appName),
                "function": .string(configuration.function.functionName),
                "environment": .string(configuration.function.environmentName ?? ""),
                "pattern": .string(configuration.pattern.rawValue),
                "mode": .string(configuration.dispatch.mode.rawValue),
                "token": .string(configuration.token.source.description),
            ]
        )
        return BridgeHandler(configuration: configuration, client: client, services: [client])
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
}
