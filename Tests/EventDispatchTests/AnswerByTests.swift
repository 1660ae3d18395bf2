import EventDispatch
import JSON
import Logging
import Synchronization
import TestSupport
import Testing

/// Record mode answers by its answer-by instant even when calls never finish: calls still running are reported as
/// timed out (none lost) and left to end by their own deadline; calls not yet started are never sent. Orderings
/// only: the answer must come before the stuck calls' own end, never a wall-clock bound.
@Suite("Record mode answers by the invocation's budget")
struct AnswerByTests {
    /// Calls whose body is "stuck" sleep 20 s (or until cancelled); the others succeed at once.
    final class StuckCalls: Sendable {
        private let state = Mutex(0)

        /// Stuck calls that ran to their end.
        var finishedUncancelled: Int { state.withLock { $0 } }

        func invoker() -> RecordingInvoker {
            RecordingInvoker { payload in
                guard payload["body"]?.stringValue == "stuck" else { return .success(.result("done")) }
                do {
                    try await Task.sleep(for: .seconds(20))
                    self.state.withLock { $0 += 1 }
                    return .success(.result("late"))
                } catch {
                    return .failure(InvocationFailure(errorType: "Test.Cancelled", message: "cancelled"))
                }
            }
        }
    }

    @Test("SQS: unfinished records are reported failed at the answer-by instant")
    func sqsAnswersByTheBudget() async throws {
        let stuck = StuckCalls()
        let bodies = ["a", "stuck", "b", "stuck", "c"]
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: .record, concurrency: 8),
            invoker: stuck.invoker(),
            answerBy: .now + .milliseconds(300)
        )
        let output = try await dispatcher.handle(
            event: SQSBatchBuilder.batch(bodies: bodies),
            logger: DispatchTestSupport.quietLogger
        )
        #expect(stuck.finishedUncancelled == 0, "the answer must not wait for the stuck calls")
        #expect(
            try JSONValue(parsing: output) == [
                "batchItemFailures": [
                    ["itemIdentifier": .string(SQSBatchBuilder.messageId(1))],
                    ["itemIdentifier": .string(SQSBatchBuilder.messageId(3))],
                ]
            ]
        )
    }

    @Test("Records not yet started at the answer-by instant are reported and never sent")
    func queuedRecordsAreNotSentAfterTheAnswer() async throws {
        let stuck = StuckCalls()
        let invoker = stuck.invoker()
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: .record, concurrency: 1),
            invoker: invoker,
            answerBy: .now + .milliseconds(300)
        )
        let output = try await dispatcher.handle(
            event: SQSBatchBuilder.batch(bodies: ["stuck", "a", "b"]),
            logger: DispatchTestSupport.quietLogger
        )
        let reported = try JSONValue(parsing: output)["batchItemFailures"]?.arrayValue?.compactMap {
            $0["itemIdentifier"]?.stringValue
        }
        #expect(reported == (0..<3).map(SQSBatchBuilder.messageId))
        try await Task.sleep(for: .milliseconds(200))
        #expect(invoker.payloads.count == 1, "records queued behind the stuck call must not be sent after the answer")
    }

    @Test("A single-record source fails with Modal.Timeout when its call outlives the budget")
    func singleRecordTimesOut() async throws {
        let stuck = StuckCalls()
        let event: JSONValue = [
            "version": "0", "id": "e-1", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [],
            "detail": ["body": "stuck"],
        ]
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: .record),
            invoker: RecordingInvoker { _ in await stuck.invoker().invokeResult(["body": "stuck"]) },
            answerBy: .now + .milliseconds(300)
        )
        await #expect {
            _ = try await dispatcher.handle(event: event.serialized(), logger: DispatchTestSupport.quietLogger)
        } throws: { error in
            (error as? DispatchError)?.errorType == "Modal.Timeout"
        }
        #expect(stuck.finishedUncancelled == 0)
    }
}

extension RecordingInvoker {
    /// The invoker's answer as a `Result` (for composing behaviours in tests).
    func invokeResult(_ payload: JSONValue) async -> Result<InvocationOutcome, InvocationFailure> {
        do { return .success(try await invoke(payload)) } catch { return .failure(error) }
    }
}
