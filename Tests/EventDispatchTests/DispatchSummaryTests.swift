import EventDispatch
import JSON
import LambdaEvents
import Synchronization
import TestSupport
import Testing

/// The dispatcher's per-event summary (the invocation metrics' records processed / failed / skipped and source).
@Suite struct DispatchSummaryTests {
    /// Runs `bytes` and returns the one summary reported.
    private func summary(
        _ bytes: [UInt8],
        mode: DispatchMode,
        invoker: RecordingInvoker = RecordingInvoker()
    ) async throws -> DispatchSummary {
        let reported = Mutex<[DispatchSummary]>([])
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: mode),
            invoker: invoker,
            report: { summary in reported.withLock { $0.append(summary) } }
        )
        _ = try? await dispatcher.handle(event: bytes, logger: DispatchTestSupport.quietLogger)
        let summaries = reported.withLock { $0 }
        try #require(summaries.count == 1, "one summary per event: \(summaries)")
        return summaries[0]
    }

    /// Fails the calls whose payload mentions `FAIL`.
    private static func failMarked() -> RecordingInvoker {
        RecordingInvoker { payload in
            payload.serializedString().contains("FAIL")
                ? .failure(DispatchTestSupport.remoteError) : .success(.result(1))
        }
    }

    @Test func recordModeCountsEachRecordsOutcome() async throws {
        let batch = SQSBatchBuilder.batch(bodies: ["a", "please FAIL", "b"])
        #expect(
            try await summary(batch, mode: .record, invoker: Self.failMarked())
                == DispatchSummary(source: .sqs, records: 3, failed: 1)
        )
    }

    @Test func orderedBatchesCountTheRecordsNotSentAfterAFailureAsFailed() async throws {
        let fifo = SQSBatchBuilder.batch(bodies: ["a", "please FAIL", "b", "c"], fifo: true)
        #expect(
            try await summary(fifo, mode: .record, invoker: Self.failMarked())
                == DispatchSummary(source: .sqs, records: 4, failed: 3)
        )
        let stream = StreamBatchBuilder.batch(.kinesis, count: 5, marked: 1)
        #expect(
            try await summary(stream, mode: .record, invoker: Self.failMarked())
                == DispatchSummary(source: .kinesis, records: 5, failed: 4)
        )
    }

    @Test func eventModeCountsTheEventsRecordsAllFailedWhenTheCallFailed() async throws {
        let batch = SQSBatchBuilder.batch(bodies: ["a", "b", "c"])
        #expect(try await summary(batch, mode: .event) == DispatchSummary(source: .sqs, records: 3))
        let failing = RecordingInvoker(failing: DispatchTestSupport.remoteError)
        #expect(
            try await summary(batch, mode: .event, invoker: failing)
                == DispatchSummary(source: .sqs, records: 3, failed: 3)
        )
        #expect(
            try await summary(Array(#"{"order":1}"#.utf8), mode: .event)
                == DispatchSummary(source: .unknown, records: 1)
        )
    }

    @Test(arguments: [DispatchMode.event, .record])
    func acknowledgedWithoutACallIsSkipped(mode: DispatchMode) async throws {
        let invoker = RecordingInvoker()
        let testEvent = try await summary(
            try DispatchTestSupport.fixture("s3-test-event.json"),
            mode: mode,
            invoker: invoker
        )
        #expect(testEvent == DispatchSummary(source: .s3TestEvent, records: 1, skipped: 1))
        let health = try await summary(
            try DispatchTestSupport.fixture("alb-health-check.json"),
            mode: mode,
            invoker: invoker
        )
        #expect(health == DispatchSummary(source: .alb, records: 1, skipped: 1))
        #expect(invoker.payloads.isEmpty)
    }

    @Test func anHTTPRequestAnswered502Or504IsAFailedRecordAndAMappedStatusIsNot() async throws {
        let request = try DispatchTestSupport.fixture("apigw-v2.json")
        let timeout = RecordingInvoker(failing: DispatchTestSupport.timeout)
        #expect(
            try await summary(request, mode: .event, invoker: timeout)
                == DispatchSummary(source: .apiGatewayV2, records: 1, failed: 1)
        )
        let notFound = RecordingInvoker(always: .result(["statusCode": 502, "body": "the function's own answer"]))
        #expect(
            try await summary(request, mode: .event, invoker: notFound)
                == DispatchSummary(source: .apiGatewayV2, records: 1)
        )
    }

    @Test func anEventThatIsNotJSONIsOneFailedRecordWithoutASource() async throws {
        #expect(
            try await summary(Array("{nope".utf8), mode: .record) == DispatchSummary(source: nil, records: 1, failed: 1)
        )
    }
}
