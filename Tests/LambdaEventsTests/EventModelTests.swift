import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("Typed models read every field and tolerate absent, null and odd ones")
struct EventModelTests {
    private func classify(_ name: String) throws -> ClassifiedEvent {
        try InboundEvent(bytes: EventFixtures.bytes(name)).classified
    }

    @Test("S3 put: bucket, decoded key, raw key, size, eTag, versionId, sequencer")
    func s3Put() throws {
        guard case .s3(let notification) = try classify("s3-put.json") else {
            Issue.record("not S3")
            return
        }
        let record = try #require(notification.records.first)
        #expect(notification.records.count == 1)
        #expect(record.bucketName == "acme-media-uploads")
        #expect(record.bucketARN == "arn:aws:s3:::acme-media-uploads")
        #expect(record.key?.decoded == "photos/2025/red flower.jpg")
        #expect(record.key?.raw == "photos/2025/red+flower.jpg")
        #expect(record.sizeInBytes == 1_048_576)
        #expect(record.eTag == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(record.versionId == "096fKKXTRTtl3on89fVO.nfljtsv6qko")
        #expect(record.sequencer == "0065F2C1A5B3D4E2F1")
        #expect(record.eventName == "ObjectCreated:Put")
        #expect(record.eventTime == "2025-03-14T09:26:53.589Z")
        #expect(record.awsRegion == "eu-west-1")
        #expect(record.eventVersion == "2.1")
    }

    @Test("S3 delete events have no size or eTag; delete markers carry a versionId")
    func s3Delete() throws {
        guard case .s3(let notification) = try classify("s3-delete.json") else {
            Issue.record("not S3")
            return
        }
        #expect(notification.records.count == 2)
        #expect(notification.records.allSatisfy { $0.size == nil && $0.eTag == nil })
        #expect(notification.records[0].versionId == nil)
        #expect(notification.records[0].key?.decoded == "tmp/old draft.txt")
        #expect(notification.records[1].versionId == "Fk2qNgfnn0Pa7HAoX7N5pGJc7QGg4Y3L")
        #expect(notification.records[1].eventName == "ObjectRemoved:DeleteMarkerCreated")
    }

    @Test("S3 sizes beyond 32 bits stay exact")
    func s3LargeSize() throws {
        guard case .s3(let notification) = try classify("s3-multipart-large.json") else {
            Issue.record("not S3")
            return
        }
        #expect(notification.records[0].size?.text == "5497558138880")
        #expect(notification.records[0].sizeInBytes == 5_497_558_138_880)
    }

    @Test("S3 keys with %2B, spaces, non-ASCII, : and =")
    func s3EncodedKeys() throws {
        guard case .s3(let notification) = try classify("s3-put-encoded-keys.json") else {
            Issue.record("not S3")
            return
        }
        #expect(
            notification.records.compactMap(\.key?.decoded) == [
                "reports/C++ notes+draft.txt", "café/menü 日本.pdf", "logs/date=2025-03-14/time:10:00 UTC.json",
            ]
        )
    }

    @Test("a record that is not an object reads as all-nil instead of failing")
    func s3TolerantRecord() throws {
        let value = try JSONValue(
            parsing: #"{"Records":[{"eventSource":"aws:s3"},42,{"eventSource":"aws:s3","s3":null}]}"#
        )
        let notification = try #require(S3Notification(value))
        #expect(notification.records.count == 3)
        #expect(notification.records.allSatisfy { $0.bucketName == nil && $0.key == nil })
    }

    @Test("S3 test event at the top level")
    func s3TestEvent() throws {
        guard case .s3TestEvent(let testEvent) = try classify("s3-test-event.json") else {
            Issue.record("not a test event")
            return
        }
        #expect(testEvent.bucket == "acme-media-uploads")
        #expect(testEvent.requestId == "5582815E1AEA5ADF")
    }

    @Test("S3 via EventBridge: lower-case etag, kebab-case keys, encoded key")
    func s3EventBridge() throws {
        guard case .s3EventBridge(let event, let detail) = try classify("s3-eventbridge-object-created.json") else {
            Issue.record("not S3 via EventBridge")
            return
        }
        #expect(event.detailType == "Object Created")
        #expect(detail.bucketName == "acme-media-uploads")
        #expect(detail.key?.decoded == "incoming/summer trip+2025.zip")
        #expect(detail.size?.text == "73014444032")
        #expect(detail.eTag == "b1946ac92492d2347c6235b4d2611184")
        #expect(detail.versionId == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e")
        #expect(detail.reason == "PutObject")
        guard case .s3EventBridge(_, let deleted) = try classify("s3-eventbridge-object-deleted.json") else {
            Issue.record("not S3 via EventBridge")
            return
        }
        #expect(deleted.size == nil && deleted.eTag == nil)
        #expect(deleted.key?.decoded == "incoming/old file.txt")
        #expect(deleted.deletionType == "Delete Marker Created")
    }

    @Test("SQS: attributes are strings, message attributes kept, standard queue")
    func sqs() throws {
        guard case .sqs(let batch) = try classify("sqs.json") else {
            Issue.record("not SQS")
            return
        }
        #expect(!batch.isFIFO)
        #expect(batch.records.count == 3)
        let first = batch.records[0]
        #expect(first.messageId == "059f36b4-87a3-44ab-83d2-661975830a7d")
        #expect(first.body == "Hello from SQS!")
        #expect(first.attribute("ApproximateReceiveCount") == "1")
        #expect(first.messageAttributes?["tenant"]?["stringValue"]?.stringValue == "acme")
        #expect(first.eventSourceARN == "arn:aws:sqs:us-east-1:123456789012:acme-jobs")
        #expect(batch.records.allSatisfy { $0.malformation == nil })
        #expect(batch.records[2].attribute("DeadLetterQueueSourceArn") != nil)
    }

    @Test("SQS FIFO: detected from the .fifo ARN, group ids read")
    func sqsFIFO() throws {
        guard case .sqs(let batch) = try classify("sqs-fifo.json") else {
            Issue.record("not SQS")
            return
        }
        #expect(batch.isFIFO)
        #expect(batch.records.map(\.messageGroupId) == ["customer-17", "customer-17", "customer-42", "customer-17"])
        #expect(batch.records[0].attribute("SequenceNumber") == "18849496460467696128")
    }

    @Test("SQS malformed records are flagged, not rejected")
    func sqsMalformed() throws {
        guard case .sqs(let batch) = try classify("sqs-malformed-records.json") else {
            Issue.record("not SQS")
            return
        }
        #expect(batch.records.map { $0.malformation == nil } == [true, false, false])
        let value = try JSONValue(parsing: #"{"Records":[{"eventSource":"aws:sqs","body":"x"},"oops"]}"#)
        let odd = try #require(SQSEvent(value))
        #expect(odd.records[0].malformation == "the record has no messageId")
        #expect(odd.records[1].malformation == "the record is not a JSON object")
    }

    @Test("SNS: SigningCertUrl spelling, null Subject, attributes")
    func sns() throws {
        guard case .sns(let event) = try classify("sns.json") else {
            Issue.record("not SNS")
            return
        }
        let message = try #require(event.records.first?.message)
        #expect(message.subject == nil)
        #expect(message.message == "Disk usage above 90% on build-runner-3")
        #expect(message.signingCertURL?.hasPrefix("https://sns.us-east-2.amazonaws.com/") == true)
        #expect(message.unsubscribeURL?.contains("Action=Unsubscribe") == true)
        #expect(message.messageAttributes?["severity"]?["Value"]?.stringValue == "high")
        #expect(event.records[0].eventSubscriptionArn?.hasSuffix("c9135db0-26c4-47ec-8998-413945fb5a96") == true)
    }

    @Test("SNS: SigningCertURL spelling and absent Subject")
    func snsUpperCase() throws {
        guard case .sns(let event) = try classify("sns-signing-cert-url-upper.json") else {
            Issue.record("not SNS")
            return
        }
        let message = try #require(event.records.first?.message)
        #expect(message.subject == nil)
        #expect(message.signingCertURL != nil)
        #expect(message.unsubscribeURL != nil)
        #expect(message.signatureVersion == "2")
    }

    @Test("EventBridge scheduled rule and Scheduler with a string detail")
    func schedules() throws {
        guard case .scheduledEvent(let rule) = try classify("eventbridge-schedule.json") else {
            Issue.record("not a scheduled rule")
            return
        }
        #expect(rule.resources == ["arn:aws:events:us-east-1:123456789012:rule/nightly-report"])
        #expect(rule.detail == .object(JSONObject()))
        #expect(!rule.detailWasString)
        guard case .schedulerEvent(let scheduler) = try classify("eventbridge-scheduler-json-string-detail.json") else {
            Issue.record("not a Scheduler envelope")
            return
        }
        #expect(scheduler.detailWasString)
        #expect(scheduler.detail["job"]?.stringValue == "weekly-digest")
        #expect(scheduler.detail["threshold"]?.numberValue?.text == "0.5")
        #expect(scheduler.raw["detail"]?.stringValue != nil)
    }

    @Test("other EventBridge events keep extra keys and exact numbers")
    func customEventBridge() throws {
        guard case .eventBridge(let event) = try classify("eventbridge-custom.json") else {
            Issue.record("not EventBridge")
            return
        }
        #expect(event.source == "com.acme.orders")
        #expect(event.detail["total"]?.numberValue?.text == "42.50")
        #expect(event.detail["customerNumber"]?.numberValue?.text == "98765432109876543210")
        #expect(event.raw["replay-name"]?.stringValue == "replay-2025-03-14")
    }
}
