// Target LambdaRuntime: the runtime loop over RuntimeAPI (one invocation at a time), the invocation budget, the
// handler protocol, logging (text or JSON, one line per record) and the echo handler; the `Environment` reader
// (one trimming rule) and the one `ConfigurationError`; init errors and invocation errors become Lambda's
// `{errorType, errorMessage}` here. No AWS or Modal clients. May import: RuntimeAPI, JSON,
// Primitives, swift-nio, swift-log. See docs/runtime.md.

package import Logging
import NIOPosix
import RuntimeAPI

/// What a handler factory gets during init.
package struct HandlerSetup: Sendable {
    /// The process environment, read once by `main` (the handler's configuration is parsed from it).
    package var environment: Environment
    package var logger: Logger
    /// Where the logger's lines go, for lines written beside it (metric documents, ``MetricLog``).
    package var sink: any LogSink

    package init(environment: Environment, logger: Logger, sink: any LogSink) {
        self.environment = environment
        self.logger = logger
        self.sink = sink
    }
}

/// A handler behind an existential, for the generic loop.
package struct AnyLambdaHandler: LambdaHandler {
    package let base: any LambdaHandler

    package init(_ base: any LambdaHandler) { self.base = base }

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        try await base.handle(event, context: context)
    }
}

/// The runtime's start-up: logging, Runtime API address, handler init (failures go to `/runtime/init/error`),
/// then the loop. Returns the process exit code.
///
/// The runtime reads its own variables (`AWS_LAMBDA_RUNTIME_API`, `AWS_LAMBDA_LOG_FORMAT`/`_LEVEL`) here, through the
/// same ``Environment`` as the handler: it needs them before any handler exists (to log, and to reach the Runtime API
/// that an init error is posted to), and it sits below the bridge, so the bridge's configuration cannot supply them.
package enum LambdaRuntimeMain {
    package static func run(
        environment: Environment,
        sink: any LogSink = FileDescriptorSink(),
        makeHandler: @Sendable (HandlerSetup) async throws -> any LambdaHandler
    ) async -> Int32 {
        let logging = LoggingConfiguration(environment: environment)
        let logger = Logger(label: "modal-bridge") { label in
            LambdaLogHandler(label: label, configuration: logging, sink: sink)
        }
        for warning in logging.warnings { logger.warning("\(warning)") }

        guard let address = environment["AWS_LAMBDA_RUNTIME_API"] else {
            logger.critical(
                "AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda runtime (use `modal-bridge invoke` to run it locally)"
            )
            return 1
        }
        let endpoint: RuntimeAPIEndpoint
        do {
            endpoint = try RuntimeAPIEndpoint(address)
        } catch {
            logger.critical("\(error.message)")
            return 1
        }
        let client = RuntimeAPIClient(endpoint: endpoint, eventLoop: MultiThreadedEventLoopGroup.singleton.next())

        let handler: any LambdaHandler
        do {
            handler = try await makeHandler(HandlerSetup(environment: environment, logger: logger, sink: sink))
        } catch {
            let diagnostic = Diagnostic(error)
            var metadata: Logger.Metadata = [
                "errorType": .string(diagnostic.errorType), "errorMessage": .string(diagnostic.errorMessage),
            ]
            if let configuration = error as? ConfigurationError {
                metadata["variable"] = .string(configuration.variable)
            }
            logger.critical("init failed", metadata: metadata)
            do {
                try await client.postInitError(diagnostic.report)
            } catch {
                logger.error("POST /runtime/init/error failed", metadata: ["error": "\(error)"])
            }
            await client.close()
            return 1
        }

        let loop = RuntimeLoop(client: client, handler: AnyLambdaHandler(handler), logger: logger)
        let services = handler.services
        // The handler's long-lived work (gRPC connections) runs beside the loop and stops when it ends.
        let exit = await withTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask {
                    do {
                        try await service.run()
                    } catch {
                        logger.error(
                            "background service stopped",
                            metadata: ["errorType": "\(Diagnostic(error).errorType)"]
                        )
                    }
                }
            }
            let exit = await loop.run()
            for service in services { service.shutdown() }
            group.cancelAll()
            return exit
        }
        await client.close()
        switch exit {
        case .finished: return 0
        case .failed: return 1
        }
    }
}
