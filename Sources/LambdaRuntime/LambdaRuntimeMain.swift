package import Logging
import NIOPosix
import RuntimeAPI

/// What a handler factory gets during init.
package struct HandlerSetup: Sendable {
    /// The process environment, read once by `main` (the handler's configuration is parsed from it).
    package var environment: Environment
    package var logger: Logger
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
            handler = try await makeHandler(HandlerSetup(environment: environment, logger: logger))
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
        let exit: RuntimeLoopExit
        if let service = handler as? any LambdaBackgroundService {
            // Connections the handler keeps (gRPC) run beside the loop and stop when it ends.
            exit = await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await service.runBackground()
                    } catch {
                        logger.error(
                            "background service stopped",
                            metadata: ["errorType": "\(Diagnostic(error).errorType)"]
                        )
                    }
                }
                let exit = await loop.run()
                service.stopBackground()
                group.cancelAll()
                return exit
            }
        } else {
            exit = await loop.run()
        }
        await client.close()
        switch exit {
        case .finished: return 0
        case .failed: return 1
        }
    }
}

/// A handler that keeps long-lived connections (the Modal gRPC channels) running beside the loop.
package protocol LambdaBackgroundService: Sendable {
    /// Runs until ``stopBackground()`` is called.
    func runBackground() async throws
    /// Asks ``runBackground()`` to return.
    func stopBackground()
}

/// An init failure with a stable type, e.g. an unknown `_HANDLER`.
package struct InitError: LambdaDiagnosable, CustomStringConvertible {
    package var errorType: String
    package var errorMessage: String

    package init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    package var description: String { "\(errorType): \(errorMessage)" }
}
