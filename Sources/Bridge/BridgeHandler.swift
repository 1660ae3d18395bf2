// Target Bridge: the `bootstrap` handler. Parses the whole configuration from the environment (one parser per
// concern, `Type+Environment.swift`) and hands typed values down; reads the Modal token from its Secrets Manager
// secret (parsing, cache, `Secret.*` errors); wires the Modal client and the dispatcher together, and maps their
// errors to stable error types. May import: LambdaRuntime, EventDispatch, LambdaEvents, SecretsManager, SigV4,
// ModalClient, CBOR, JSON, Primitives, AsyncHTTPClient, NIOCore, swift-log.
// See docs/bridge.md and docs/configuration.md.

import AsyncHTTPClient
import EventDispatch
package import LambdaRuntime
import Logging
import ModalClient
import NIOCore
import Primitives
import SecretsManager

/// The `bootstrap` default handler: each event goes through the dispatcher to the Modal function, and the answer
/// has the shape its source expects.
package struct BridgeHandler: LambdaHandler {
    package let configuration: BridgeConfiguration
    private let client: any ModalCalling
    package let services: [any LambdaService]
    /// Nil when metrics are off.
    private let metrics: BridgeMetrics?
    /// Counts the token's reads for the metrics (nil with a direct token or a fake client).
    private let tokenProvider: ModalTokenProvider?

    /// A handler over any Modal caller (tests use a fake; `make` uses the real client, which is also the service
    /// that runs its connections). With metrics on, each invocation writes its metric line to `metricSink` (`make`
    /// passes the log's sink).
    package init(
        configuration: BridgeConfiguration,
        client: any ModalCalling,
        services: [any LambdaService] = [],
        tokenProvider: ModalTokenProvider? = nil,
        environment: Environment = Environment([:]),
        metricSink: any LogSink = FileDescriptorSink()
    ) {
        self.configuration = configuration
        self.client = client
        self.services = services
        self.tokenProvider = tokenProvider
        self.metrics = configuration.metrics.map { metrics in
            BridgeMetrics(
                configuration: metrics,
                pattern: configuration.pattern,
                mode: configuration.dispatch.mode,
                log: MetricLog(environment: environment, sink: metricSink)
            )
        }
    }

    /// Builds the handler at init from its configuration (parsed by ``BootstrapConfiguration``): the Modal client,
    /// and the token's source (the environment's pair, or the Secrets Manager secret behind a cache).
    package static func make(_ configuration: BridgeConfiguration, setup: HandlerSetup) throws -> BridgeHandler {
        let httpClient = HTTPClient.shared
        let credentials: any ModalCredentialSource
        var provider: ModalTokenProvider?
        switch configuration.token {
        case .direct(let pair):
            credentials = ModalStaticCredentialSource(pair)
        case .secretsManager(let secret, let service):
            let fetcher = SecretsManagerClient(configuration: service, httpClient: httpClient, logger: setup.logger)
            let secretProvider = ModalTokenProvider(secret: secret, fetcher: fetcher, logger: setup.logger)
            credentials = TokenProviderSource(provider: secretProvider)
            provider = secretProvider
        }
        let client = try ModalClient(
            configuration: configuration.modal,
            credentials: credentials,
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
                "token": .string(configuration.token.description),
                "metrics": .string(configuration.metrics.map { "emf \($0.namespace)" } ?? "off"),
            ]
        )
        return BridgeHandler(
            configuration: configuration,
            client: client,
            services: [client],
            tokenProvider: provider,
            environment: setup.environment,
            metricSink: setup.sink
        )
    }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        guard let metrics else { return try await dispatch(event, context: context, metrics: nil) }
        let started = metrics.time.now()
        let collected = InvocationMetrics(time: metrics.time)
        let tokensBefore = await tokenProvider?.fetchCounts ?? .init()
        func emit() async {
            let tokensAfter = await tokenProvider?.fetchCounts ?? .init()
            metrics.emit(
                BridgeMetrics.Invocation(
                    requestID: context.requestID,
                    duration: metrics.time.now() - started,
                    collected: collected.snapshot,
                    tokenFetches: .init(
                        fetches: tokensAfter.fetches - tokensBefore.fetches,
                        forced: tokensAfter.forced - tokensBefore.forced
                    )
                )
            )
        }
        do {
            let response = try await dispatch(event, context: context, metrics: collected)
            await emit()
            return response
        } catch {
            await emit()
            throw error
        }
    }

    private func dispatch(
        _ event: [UInt8],
        context: LambdaContext,
        metrics: InvocationMetrics?
    ) async throws -> [UInt8] {
        var invoker = ModalInvoker(
            client: client,
            function: configuration.function,
            parameters: configuration.parameters,
            pattern: configuration.pattern,
            deadline: context.deadline,
            logger: context.logger
        )
        invoker.metrics = metrics
        var report: DispatchReport?
        if let metrics { report = { metrics.recordDispatch($0) } }
        // Record mode answers before the Modal client's own end-of-call work: its last long-polls return 250 ms
        // before its call deadline (1.5 s before Lambda's) and 1,000 of them at once delay an answer built then.
        let dispatcher = Dispatcher(
            configuration: configuration.dispatch,
            invoker: invoker,
            answerBy: context.budget.limit - BridgeHandler.recordAnswerLead,
            report: report,
            timer: .eventLoop(HTTPClient.shared.eventLoopGroup.any())
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
