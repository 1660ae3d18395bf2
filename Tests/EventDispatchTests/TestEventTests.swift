import EventDispatch
import JSON
import Logging
import TestSupport
import Testing

@Suite("s3:TestEvent is acknowledged and skipped: logged, not sent, not a failure")
struct TestEventTests {
    @Test(
        "test events in every carrier, both modes",
        arguments: ["s3-test-event.json", "sqs-s3-test-event.json", "sns-s3-test-event.json"],
        DispatchMode.allCases
    )
    func skipped(name: String, mode: DispatchMode) async throws {
        let (logger, logs) = DispatchTestSupport.collectingLogger()
        let invoker = RecordingInvoker()
        let response = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture(name),
            configuration: DispatchConfiguration(mode: mode),
            invoker: invoker,
            logger: logger
        ).get()
        #expect(invoker.payloads.isEmpty)
        #expect(logs.messages.contains { $0.contains("s3:TestEvent acknowledged and skipped") })
        if name == "sqs-s3-test-event.json", mode == .record {
            #expect(response == ["batchItemFailures": []])
        } else if name == "sns-s3-test-event.json", mode == .record {
            ResponseShape.expectDropIn(response, ["records": [["skipped": "s3:TestEvent"]]])
        } else {
            ResponseShape.expectDropIn(response, ["skipped": "s3:TestEvent"])
        }
    }

    @Test("record mode: a test event next to real messages is skipped, the others are sent")
    func mixedBatch() async throws {
        let testEvent = try SQSBatchBuilder.testEventBody()
        let invoker = RecordingInvoker()
        let response = try await DispatchTestSupport.run(
            SQSBatchBuilder.batch(bodies: [testEvent, "work", testEvent]),
            configuration: DispatchConfiguration(mode: .record),
            invoker: invoker
        ).get()
        #expect(invoker.payloads.map { $0["body"] } == ["work"])
        #expect(response == ["batchItemFailures": []])
    }

    @Test("a test event behind an SNS envelope in SQS is recognised")
    func throughSNSEnvelope() async throws {
        let envelope: JSONValue = [
            "Type": "Notification", "MessageId": "x", "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Message": .string(try SQSBatchBuilder.testEventBody()),
        ]
        for mode in DispatchMode.allCases {
            let invoker = RecordingInvoker()
            _ = try await DispatchTestSupport.run(
                SQSBatchBuilder.batch(bodies: [envelope.serializedString()]),
                configuration: DispatchConfiguration(mode: mode),
                invoker: invoker
            ).get()
            #expect(invoker.payloads.isEmpty)
        }
    }

    @Test("logs: one line per record, with the event source")
    func logging() async throws {
        let (logger, logs) = DispatchTestSupport.collectingLogger()
        _ = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture("sqs.json"),
            configuration: DispatchConfiguration(mode: .record),
            invoker: RecordingInvoker(),
            logger: logger
        ).get()
        let perRecord = logs.all.filter { $0.message == "record dispatched" }
        #expect(perRecord.count == 3)
        #expect(perRecord.allSatisfy { $0.metadata["event.source"] == "sqs" && $0.metadata["record.id"] != nil })
        #expect(logs.all.allSatisfy { !$0.message.contains("\n") })
    }
}
