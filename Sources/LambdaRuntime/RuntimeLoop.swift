package import Logging
package import Primitives
package import RuntimeAPI

/// Why the loop stopped.
package enum RuntimeLoopExit: Sendable {
    /// The invocation limit was reached or the task was cancelled: exit 0.
    case finished
    /// The Runtime API is gone or asked the runtime to stop (500, lost connection): exit non-zero.
    case failed(RuntimeAPIError)
}

/// The invocation loop: `/next` → handler → `/response` or `/error`, forever.
///
/// API answers: 400, 403 and 413 on a post are logged and the loop goes on with `/next`; a 500 anywhere, or a
/// connection that cannot be re-established, ends the loop with ``RuntimeLoopExit/failed(_:)``. A `/next`
/// that keeps failing with other statuses ends it after ``maximumConsecutiveNextFailures``.
package struct RuntimeLoop<Client: RuntimeAPIClientProtocol, Handler: LambdaHandler> {
    package var client: Client
    package var handler: Handler
    package var logger: Logger
    package var traceEnvironment: any TraceEnvironment
    /// Stop after this many invocations (tests and benchmarks); `nil` runs until the process is stopped.
    package var maximumInvocations: Int?
    package var maximumConsecutiveNextFailures = 5
    /// Kept back before each invocation's deadline for posting its outcome (``LambdaContext/budget``).
    package var safetyMargin = InvocationBudget.defaultSafetyMargin
    /// The clocks each invocation's deadline is read against (injected in tests).
    package var time: TimeSource = .system

    package init(
        client: Client,
        handler: Handler,
        logger: Logger,
        traceEnvironment: any TraceEnvironment = ProcessTraceEnvironment(),
        maximumInvocations: Int? = nil
    ) {
        self.client = client
        self.handler = handler
        self.logger = logger
        self.traceEnvironment = traceEnvironment
        self.maximumInvocations = maximumInvocations
    }

    package func run() async -> RuntimeLoopExit {
        var handled = 0
        var consecutiveNextFailures = 0
        while !Task.isCancelled {
            if let maximumInvocations, handled >= maximumInvocations { return .finished }
            let invocation: Invocation
            do {
                invocation = try await client.next()
                consecutiveNextFailures = 0
            } catch {
                switch error.code {
                case .connectionLost, .containerError:
                    logger.error("runtime API failure, exiting", metadata: ["error": "\(error)"])
                    return .failed(error)
                case .missingHeader, .invalidHeader:
                    logger.error("invalid invocation from /next", metadata: ["error": "\(error)"])
                    if let requestID = error.requestID {
                        await post(
                            ErrorReport(errorType: "Runtime.InvalidInvocation", errorMessage: error.message),
                            for: requestID,
                            logger: logger
                        )
                    }
                    continue
                default:
                    consecutiveNextFailures += 1
                    logger.error(
                        "GET /next failed",
                        metadata: ["error": "\(error)", "consecutive": "\(consecutiveNextFailures)"]
                    )
                    if consecutiveNextFailures >= maximumConsecutiveNextFailures { return .failed(error) }
                    continue
                }
            }
            handled += 1
            if let exit = await handle(invocation) { return exit }
        }
        return .finished
    }

    /// Runs one invocation; returns an exit reason only when the loop must stop.
    private func handle(_ invocation: Invocation) async -> RuntimeLoopExit? {
        traceEnvironment.update(invocation.traceID)
        var invocationLogger = logger
        invocationLogger[metadataKey: "aws-request-id"] = .string(invocation.requestID)
        if let traceID = invocation.traceID { invocationLogger[metadataKey: "aws-trace-id"] = .string(traceID) }
        if let tenantID = invocation.tenantID { invocationLogger[metadataKey: "aws-tenant-id"] = .string(tenantID) }
        let remaining = invocation.remainingMilliseconds(atEpochMilliseconds: time.epochMilliseconds())
        let context = LambdaContext(
            invocation: invocation,
            deadline: time.now().advanced(by: .milliseconds(remaining)),
            logger: invocationLogger,
            safetyMargin: safetyMargin
        )
        do {
            let response = try await handler.handle(invocation.event, context: context)
            do {
                try await client.postResponse(requestID: invocation.requestID, body: response)
            } catch {
                return apiFailure(error, operation: "response", bytes: response.count, logger: invocationLogger)
            }
        } catch {
            let diagnostic = Diagnostic(error)
            invocationLogger.error(
                "invocation failed",
                metadata: [
                    "errorType": .string(diagnostic.errorType), "errorMessage": .string(diagnostic.errorMessage),
                ]
            )
            do {
                try await client.postError(requestID: invocation.requestID, report: diagnostic.report)
            } catch {
                return apiFailure(error, operation: "error", bytes: nil, logger: invocationLogger)
            }
        }
        return nil
    }

    private func post(_ report: ErrorReport, for requestID: String, logger: Logger) async {
        do {
            try await client.postError(requestID: requestID, report: report)
        } catch {
            logger.error("POST /error failed", metadata: ["error": "\(error)"])
        }
    }

    private func apiFailure(
        _ error: RuntimeAPIError,
        operation: String,
        bytes: Int?,
        logger: Logger
    ) -> RuntimeLoopExit? {
        var metadata: Logger.Metadata = ["error": "\(error)"]
        if let bytes { metadata["bytes"] = "\(bytes)" }
        switch error.code {
        case .connectionLost, .containerError:
            logger.error("runtime API failure while posting the \(operation), exiting", metadata: metadata)
            return .failed(error)
        case .payloadTooLarge:
            logger.error(
                "the \(operation) was larger than the Runtime API accepts; the caller gets Function.ResponseSizeTooLarge",
                metadata: metadata
            )
            return nil
        default:
            logger.error("the Runtime API refused the \(operation)", metadata: metadata)
            return nil
        }
    }
}
