import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("Nested S3 / SNS / EventBridge inside SQS bodies and SNS messages, with a depth limit")
struct NestedContentTests {
    private func firstSQSMessage(_ name: String) throws -> SQSMessage {
        guard case .sqs(let batch) = try InboundEvent(bytes: EventFixtures.bytes(name)).classified else {
            throw FixtureError.wrongKind
        }
        return try #require(batch.records.first)
    }

    private enum FixtureError: Error { case wrongKind }

    @Test("S3 → SQS: one decode")
    func s3InSQS() throws {
        let message = try firstSQSMessage("sqs-s3.json")
        guard case .s3(let notification) = message.content(maxDepth: 1) else {
            Issue.record("expected S3")
            return
        }
        #expect(notification.records.first?.key?.decoded == "photos/2025/red flower.jpg")
        guard case .text = message.content(maxDepth: 0) else {
            Issue.record("depth 0 must not decode")
            return
        }
    }

    @Test("S3 → SNS → SQS: three decodes (event, SQS body, SNS Message)")
    func s3InSNSInSQS() throws {
        let message = try firstSQSMessage("sqs-sns-s3.json")
        guard case .sns(let envelope, let inner) = message.content(maxDepth: 3) else {
            Issue.record("expected an SNS envelope")
            return
        }
        #expect(envelope.subject == "Amazon S3 Notification")
        #expect(envelope.signingCertURL != nil)
        guard case .s3(let notification) = inner else {
            Issue.record("expected S3 inside SNS")
            return
        }
        #expect(notification.records.first?.bucketName == "acme-media-uploads")
        guard case .sns(_, .text) = message.content(maxDepth: 1) else {
            Issue.record("depth 1 must stop after the SNS envelope")
            return
        }
    }

    @Test("S3 → SNS → Lambda")
    func s3InSNS() throws {
        guard case .sns(let event) = try InboundEvent(bytes: EventFixtures.bytes("sns-s3.json")).classified else {
            Issue.record("not SNS")
            return
        }
        guard case .s3 = event.records[0].message?.content(maxDepth: 1) else {
            Issue.record("expected S3")
            return
        }
    }

    @Test("the S3 test event is recognised inside SQS and SNS")
    func testEvents() throws {
        #expect(try firstSQSMessage("sqs-s3-test-event.json").content(maxDepth: 1).isS3TestEvent)
        guard case .sns(let event) = try InboundEvent(bytes: EventFixtures.bytes("sns-s3-test-event.json")).classified
        else {
            Issue.record("not SNS")
            return
        }
        #expect(event.records[0].message?.content(maxDepth: 1).isS3TestEvent == true)
        let testEvent = try String(decoding: EventFixtures.bytes("s3-test-event.json"), as: UTF8.self)
        var envelope = JSONObject()
        envelope["Type"] = "Notification"
        envelope["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:t"
        envelope["Message"] = .string(testEvent)
        let wrapped = NestedContent.decode(JSONValue.object(envelope).serializedString(), maxDepth: 2)
        #expect(wrapped.isS3TestEvent)
        #expect(!NestedContent.decode(JSONValue.object(envelope).serializedString(), maxDepth: 1).isS3TestEvent)
    }

    @Test("EventBridge → SQS, plain SNS → SQS, text and other JSON bodies")
    func otherBodies() throws {
        guard case .eventBridge(let event) = try firstSQSMessage("sqs-eventbridge.json").content(maxDepth: 3) else {
            Issue.record("expected EventBridge")
            return
        }
        #expect(event.detail["total"]?.numberValue?.text == "42.50")
        guard case .sns(let envelope, .text(let text)) = try firstSQSMessage("sqs-sns.json").content(maxDepth: 3) else {
            Issue.record("expected SNS with a text message")
            return
        }
        #expect(envelope.subject == nil)
        #expect(text == "Deployment finished: api-v42")
        guard case .text("Hello from SQS!") = try firstSQSMessage("sqs.json").content(maxDepth: 3) else {
            Issue.record("expected text")
            return
        }
        guard case .json(let value) = NestedContent.decode(#"{"amount":1.0}"#, maxDepth: 3) else {
            Issue.record("expected JSON")
            return
        }
        #expect(value["amount"]?.numberValue?.text == "1.0")
    }

    @Test("a self-nesting SNS chain stops at the depth limit")
    func depthLimit() throws {
        var text = "innermost"
        for _ in 0..<12 {
            var envelope = JSONObject()
            envelope["Type"] = "Notification"
            envelope["TopicArn"] = "arn:aws:sns:us-east-1:123456789012:t"
            envelope["Message"] = .string(text)
            text = JSONValue.object(envelope).serializedString()
        }
        var content = NestedContent.decode(text, maxDepth: 5)
        var layers = 0
        while case .sns(_, let inner) = content {
            layers += 1
            content = inner
        }
        #expect(layers == 5)
        guard case .text = content else {
            Issue.record("expected the undecoded rest as text")
            return
        }
    }
}
