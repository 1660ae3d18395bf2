// Target EventDispatch: turns a classified event into calls of an `Invoker` (event or record mode, concurrency,
// ordering, skipped test events) and the calls' outcomes into the response its source expects. It never talks to
// Modal itself. May import: LambdaEvents, JSON, Primitives, swift-log. See docs/events.md.

package import JSON
import LambdaEvents
package import Logging

/// Turns one Lambda event into calls of the function and the response Lambda should return, per source.
///
/// - HTTP sources (API Gateway REST/HTTP, Function URL, ALB) always get an HTTP response: the result mapped
///   through, 202 for spawn, 502/504 on failure (never an invocation error). ALB health checks are answered 200
///   without a call.
/// - `event` mode: the whole event (exact, unchanged) is one call; S3/SQS/SNS/EventBridge/unknown get the drop-in
///   `{"status":"Success","response":…}`; a failed call is an invocation error with the invoker's `errorType`.
/// - `record` mode: one call per record with a normalized payload (see `RecordPayload`), `concurrency` at a time,
///   or an unordered batch as one ``Invoker/invokeBatch(_:report:)`` call (``BatchMode/map``) when the invoker can;
///   SQS answers `batchItemFailures` (FIFO: the first failure and everything after it); Kinesis and DynamoDB
///   Streams run in order, stop at the first failure and answer `batchItemFailures` with its sequence number.
/// - `s3:TestEvent` is acknowledged and skipped in both modes.
package struct Dispatcher: Sendable {
    package let configuration: DispatchConfiguration
    let invoker: any Invoker
    /// Record mode: when the answer must be built at the latest (the invocation's budget limit); calls still
    /// running then are reported as timed out. Nil: wait for every call.
    let answerBy: ContinuousClock.Instant?
    /// Receives each event's ``DispatchSummary`` (the invocation's metrics); nil: nobody asked.
    let report: DispatchReport?
    /// Runs the `answerBy` deadline in record mode.
    let timer: DeadlineTimer

    package init(
        configuration: DispatchConfiguration,
        invoker: some Invoker,
        answerBy: ContinuousClock.Instant? = nil,
        report: DispatchReport? = nil,
        timer: DeadlineTimer = .taskSleep
    ) {
        self.configuration = configuration
        self.invoker = invoker
        self.answerBy = answerBy
        self.report = report
        self.timer = timer
    }

    /// Event bytes in, response bytes out (the exact JSON Lambda should return), or a `DispatchError` whose
    /// `errorType` becomes the invocation error.
    package func handle(event: [UInt8], logger: Logger) async throws(DispatchError) -> [UInt8] {
        try await response(to: event, logger: logger).serialized()
    }

    /// As `handle(event:logger:)`, returning the response as a JSON value.
    package func response(to event: [UInt8], logger: Logger) async throws(DispatchError) -> JSONValue {
        let inbound: InboundEvent
        do {
            inbound = try InboundEvent(bytes: event)
        } catch {
            logger.error("event rejected", metadata: ["error.type": "\(error.errorType)", "error": "\(error.message)"])
            report?(DispatchSummary(source: nil, records: 1, failed: 1))
            throw .invalidEvent(error.message, underlying: error)
        }
        var logger = logger
        logger[metadataKey: "event.source"] = "\(inbound.kind.rawValue)"
        logger[metadataKey: "dispatch.mode"] = "\(configuration.mode.rawValue)"
        return try await respond(to: inbound, logger: logger)
    }

    private func respond(to inbound: InboundEvent, logger: Logger) async throws(DispatchError) -> JSONValue {
        switch inbound.classified {
        case .s3TestEvent(let testEvent):
            logger.info(
                "s3:TestEvent acknowledged and skipped",
                metadata: ["s3.bucket": "\(testEvent.bucket ?? "")"]
            )
            report?(DispatchSummary(source: inbound.kind, records: 1, skipped: 1))
            return DropInResponse.skipped("s3:TestEvent")
        case .alb(let request) where request.isHealthCheck:
            logger.debug("ALB health check answered without a call")
            report?(DispatchSummary(source: inbound.kind, records: 1, skipped: 1))
            return HTTPResponse.healthy.rendered(for: .alb(multiValueHeaders: request.usesMultiValueHeaders))
        case .apiGatewayV1, .apiGatewayV2, .functionURL, .alb:
            return await respondHTTP(to: inbound, logger: logger)
        default:
            break
        }
        switch configuration.mode {
        case .event:
            return try await respondWholeEvent(inbound, logger: logger)
        case .record:
            return try await respondPerRecord(inbound, logger: logger)
        }
    }

    private func respondHTTP(to inbound: InboundEvent, logger: Logger) async -> JSONValue {
        var usesMultiValueHeaders = false
        if case .alb(let request) = inbound.classified { usesMultiValueHeaders = request.usesMultiValueHeaders }
        let target = HTTPTarget(inbound.kind, usesMultiValueHeaders: usesMultiValueHeaders) ?? .apiGatewayV1
        let payload: JSONValue
        switch configuration.mode {
        case .event: payload = inbound.value
        case .record: payload = HTTPRequestPayload.make(inbound.classified) ?? inbound.value
        }
        let response: HTTPResponse
        var failed = true
        do {
            let outcome = try await invoker.invoke(payload)
            if let mapped = HTTPResponse.from(outcome) {
                response = mapped
                failed = false
            } else {
                logger.error("the function returned a structured response whose statusCode is not an HTTP status")
                response = .badGateway
            }
        } catch {
            logger.error(
                "call failed",
                metadata: [
                    "error.type": "\(error.errorType)", "error": "\(error.message)", "timeout": "\(error.isTimeout)",
                ]
            )
            response = error.isTimeout ? .gatewayTimeout : .badGateway
        }
        logger.info("HTTP response", metadata: ["http.status": "\(response.statusCode)"])
        report?(DispatchSummary(source: inbound.kind, records: 1, failed: failed ? 1 : 0))
        return response.rendered(for: target)
    }

    private func respondWholeEvent(_ inbound: InboundEvent, logger: Logger) async throws(DispatchError) -> JSONValue {
        let records = DispatchSummary.recordCount(inbound.classified)
        if onlyCarriesTestEvents(inbound.classified) {
            logger.info("s3:TestEvent acknowledged and skipped")
            report?(DispatchSummary(source: inbound.kind, records: records, skipped: records))
            return DropInResponse.skipped("s3:TestEvent")
        }
        do {
            let outcome = try await invoker.invoke(inbound.value)
            logger.info("event dispatched", metadata: ["outcome": "\(Dispatcher.describe(outcome))"])
            report?(DispatchSummary(source: inbound.kind, records: records))
            return DropInResponse.success(outcome)
        } catch {
            logger.error("call failed", metadata: ["error.type": "\(error.errorType)", "error": "\(error.message)"])
            report?(DispatchSummary(source: inbound.kind, records: records, failed: records))
            throw .invocationFailed(error)
        }
    }

    /// True for an SQS batch or SNS event in which every record is an `s3:TestEvent`.
    private func onlyCarriesTestEvents(_ classified: ClassifiedEvent) -> Bool {
        let depth = configuration.testEventDepth
        switch classified {
        case .sqs(let batch):
            return !batch.records.isEmpty
                && batch.records.allSatisfy { $0.body != nil && $0.content(maxDepth: depth).isS3TestEvent }
        case .sns(let event):
            return !event.records.isEmpty
                && event.records.allSatisfy { $0.message?.content(maxDepth: depth).isS3TestEvent ?? false }
        default:
            return false
        }
    }

    static func describe(_ outcome: InvocationOutcome) -> String {
        switch outcome {
        case .result: return "result"
        case .spawned(let functionCallID): return "spawned \(functionCallID)"
        case .bytes(let bytes): return "bytes (\(bytes.count))"
        }
    }
}
