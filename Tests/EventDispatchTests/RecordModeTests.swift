import EventDispatch
import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("record mode: one call per record with a normalized payload")
struct RecordModeTests {
    private let record = DispatchConfiguration(mode: .record, pattern: .remote)

    private func run(
        _ name: String,
        configuration: DispatchConfiguration? = nil,
        invoker: RecordingInvoker = RecordingInvoker()
    ) async throws -> (JSONValue, RecordingInvoker) {
        let response = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture(name),
            configuration: configuration ?? record,
            invoker: invoker
        ).get()
        return (response, invoker)
    }

    @Test("payload types and response shape", arguments: EventFixtures.names)
    func everyFixture(name: String) async throws {
        let expectation = try #require(EventFixtures.expectations[name])
        let kind = try DispatchTestSupport.kind(of: name)
        let (response, invoker) = try await run(name, invoker: RecordingInvoker(always: .result("done")))
        let original = try JSONValue(parsing: DispatchTestSupport.fixture(name))
        // An unfamiliar event is sent unchanged ("raw"); everything else is a normalized payload with a `type`.
        let types = invoker.payloads.map { $0 == original ? "raw" : $0["type"]?.stringValue ?? "?" }.sorted()
        #expect(types == expectation.recordPayloadTypes)
        for payload in invoker.payloads where payload != original {
            #expect(payload["record"] != nil || payload["event"] != nil, "the raw record is kept")
        }
        switch kind {
        case .sqs:
            #expect(DispatchTestSupport.keys(response) == ["batchItemFailures"])
            let failed = response["batchItemFailures"]?.arrayValue?.compactMap { $0["itemIdentifier"]?.stringValue }
            let expectedFailures =
                name == "sqs-malformed-records.json"
                ? ["1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", "2c3d4e5f-6a7b-4c8d-0e9f-1a2b3c4d5e6f"] : []
            #expect(failed == expectedFailures)
        case .kinesis, .dynamodbStream:
            let failed = response["batchItemFailures"]?.arrayValue?.compactMap { $0["itemIdentifier"]?.stringValue }
            let expectedFailures: [String] =
                switch name {
                case "kinesis-malformed-record.json":
                    ["49656711924393827046413561092462581345002651560000000002"]
                case "dynamodb-stream-malformed-record.json": ["800000000000000000002"]
                default: []
                }
            #expect(DispatchTestSupport.keys(response) == ["batchItemFailures"])
            #expect(failed == expectedFailures)
        case .s3, .sns:
            let entries = response["response"]?["records"]?.arrayValue ?? []
            #expect(response["status"] == "Success")
            let calls = entries.filter { $0 == ["result": "done"] }.count
            let skipped = entries.filter { $0 == ["skipped": "s3:TestEvent"] }.count
            #expect(calls == expectation.recordPayloadTypes.count)
            #expect(calls + skipped == entries.count)
        case .s3TestEvent:
            ResponseShape.expectDropIn(response, ["skipped": "s3:TestEvent"])
        case .apiGatewayV1, .apiGatewayV2, .functionURL, .alb:
            #expect(ResponseShape.status(response) == 200)
        default:
            ResponseShape.expectDropIn(response, ["result": "done"])
        }
    }

    @Test("S3 payload: decoded key, raw key, exact size, nulls for absent fields, the raw record")
    func s3Payload() async throws {
        let (_, invoker) = try await run("s3-put-encoded-keys.json", configuration: record)
        let keys = invoker.payloads.compactMap { $0["key"]?.stringValue }.sorted()
        #expect(
            keys == ["café/menü 日本.pdf", "logs/date=2025-03-14/time:10:00 UTC.json", "reports/C++ notes+draft.txt"]
        )
        let cafe = try #require(invoker.payloads.first { $0["key"] == "café/menü 日本.pdf" })
        #expect(cafe["rawKey"] == "caf%C3%A9/men%C3%BC+%E6%97%A5%E6%9C%AC.pdf")
        #expect(cafe["bucket"] == "acme-reports")
        #expect(cafe["size"]?.numberValue?.text == "4096")
        #expect(cafe["eTag"] == "fedcba9876543210fedcba9876543210")
        #expect(cafe["versionId"] == .null)
        #expect(cafe["eventName"] == "ObjectCreated:Copy")
        #expect(cafe["eventTime"] == "2025-03-14T10:00:00.002Z")
        #expect(cafe["region"] == "us-east-1")
        #expect(cafe["eventSource"] == "aws:s3")
        #expect(cafe["via"] == [])
        #expect(cafe["record"]?["s3"]?["object"]?["key"] == "caf%C3%A9/men%C3%BC+%E6%97%A5%E6%9C%AC.pdf")
        #expect(
            DispatchTestSupport.keys(cafe) == [
                "type", "eventSource", "eventName", "eventTime", "region", "bucket", "key", "rawKey", "size", "eTag",
                "versionId", "sequencer", "via", "record",
            ]
        )

        let (_, deletes) = try await run("s3-delete.json")
        #expect(deletes.payloads.allSatisfy { $0["size"] == .null && $0["eTag"] == .null })
        let (_, large) = try await run("s3-multipart-large.json")
        #expect(large.payloads.first?["size"]?.numberValue?.text == "5497558138880")
    }

    @Test("S3 via EventBridge becomes the same S3 payload")
    func s3EventBridgePayload() async throws {
        let (_, invoker) = try await run("s3-eventbridge-object-created.json")
        let payload = try #require(invoker.payloads.first)
        #expect(payload["type"] == "s3")
        #expect(payload["eventSource"] == "aws.s3")
        #expect(payload["eventName"] == "Object Created")
        #expect(payload["key"] == "incoming/summer trip+2025.zip")
        #expect(payload["rawKey"] == "incoming/summer+trip%2B2025.zip")
        #expect(payload["size"]?.numberValue?.text == "73014444032")
        #expect(payload["eTag"] == "b1946ac92492d2347c6235b4d2611184")
        #expect(payload["versionId"] == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e")
    }

    @Test("SQS payload: body, decoded JSON body, attributes, queue type")
    func sqsPayload() async throws {
        let (_, invoker) = try await run("sqs.json")
        let byId = Dictionary(uniqueKeysWithValues: invoker.payloads.map { ($0["messageId"]?.stringValue ?? "", $0) })
        let text = try #require(byId["059f36b4-87a3-44ab-83d2-661975830a7d"])
        #expect(text["body"] == "Hello from SQS!")
        #expect(text["bodyJSON"] == .null)
        #expect(text["queueType"] == "standard")
        #expect(text["messageGroupId"] == .null)
        #expect(text["attributes"]?["ApproximateReceiveCount"] == "1")
        #expect(text["messageAttributes"]?["priority"]?["dataType"] == "Number")
        let json = try #require(byId["2e1424d4-f796-459a-8184-9c92662be6da"])
        #expect(json["bodyJSON"]?["orderId"]?.numberValue?.text == "12345678901234567890")
        #expect(json["bodyJSON"]?["amount"]?.numberValue?.text == "1.0")

        let (_, fifo) = try await run("sqs-fifo.json")
        #expect(fifo.payloads.map { $0["queueType"] } == ["fifo", "fifo", "fifo", "fifo"])
        #expect(fifo.payloads.first?["messageGroupId"] == "customer-17")
    }

    @Test("S3 → SNS → SQS unwraps to the S3 object with both envelopes in via")
    func nestedVia() async throws {
        let (response, invoker) = try await run("sqs-sns-s3.json")
        let payload = try #require(invoker.payloads.first)
        #expect(payload["type"] == "s3")
        #expect(payload["key"] == "photos/2025/red flower.jpg")
        let via = payload["via"]?.arrayValue ?? []
        #expect(via.map { $0["type"] } == ["sqs", "sns"])
        #expect(via.first?["messageId"] == "d4e5f6a7-b8c9-4d5e-1f2a-3b4c5d6e7f80")
        #expect(via.last?["topicArn"] == "arn:aws:sns:eu-west-1:123456789012:acme-uploads-topic")
        #expect(response == ["batchItemFailures": []])

        let (_, sqsS3) = try await run("sqs-s3.json")
        #expect(sqsS3.payloads.allSatisfy { $0["via"]?.arrayValue?.map { $0["type"] } == ["sqs"] })
        let (_, snsS3) = try await run("sns-s3.json")
        #expect(snsS3.payloads.first?["via"]?.arrayValue?.map { $0["type"] } == ["sns"])
    }

    @Test("with unwrapping off the SQS message itself is sent")
    func unwrapOff() async throws {
        let configuration = DispatchConfiguration(mode: .record, unwrapNested: false)
        let (_, invoker) = try await run("sqs-sns-s3.json", configuration: configuration)
        let payload = try #require(invoker.payloads.first)
        #expect(invoker.payloads.count == 1)
        #expect(payload["type"] == "sqs")
        #expect(payload["bodyJSON"] == .null)
        // The test event is still recognised.
        let (response, skipped) = try await run("sqs-s3-test-event.json", configuration: configuration)
        #expect(skipped.payloads.isEmpty)
        #expect(response == ["batchItemFailures": []])
    }

    @Test("the depth limit stops unwrapping: depth 1 sends the SNS envelope's message")
    func depthLimit() async throws {
        let configuration = DispatchConfiguration(mode: .record, maxUnwrapDepth: 1)
        let (_, invoker) = try await run("sqs-sns-s3.json", configuration: configuration)
        let payload = try #require(invoker.payloads.first)
        #expect(payload["type"] == "sns")
        #expect(payload["messageJSON"] == .null)
        #expect(payload["message"]?.stringValue?.hasPrefix("{\"Records\"") == true)
        #expect(payload["via"]?.arrayValue?.map { $0["type"] } == ["sqs"])
    }

    @Test("SNS and EventBridge payloads")
    func snsAndEventBridge() async throws {
        let (_, sns) = try await run("sns-signing-cert-url-upper.json")
        let message = try #require(sns.payloads.first)
        #expect(message["subject"] == .null)
        #expect(message["messageJSON"]?["value"]?.numberValue?.text == "97.5")
        #expect(message["messageAttributes"]?["tags"]?["Type"] == "String.Array")

        let (_, queued) = try await run("sqs-eventbridge.json")
        #expect(queued.payloads.first?["type"] == "eventbridge")
        #expect(queued.payloads.first?["detailType"] == "Order Placed")
        #expect(queued.payloads.first?["detail"]?["total"]?.numberValue?.text == "42.50")
        #expect(queued.payloads.first?["via"]?.arrayValue?.count == 1)
    }

    /// A top-level EventBridge event is a single record: it is forwarded exactly as received (as in `event` mode),
    /// not wrapped; a Scheduler `detail` that arrived as a string stays a string. Only an EventBridge event nested
    /// in an SQS body gets the normalized `eventbridge` payload (its `via` says where it came from).
    @Test(
        "a top-level EventBridge or schedule event is forwarded as received",
        arguments: [
            "eventbridge-schedule.json", "eventbridge-scheduler-string-detail.json",
            "eventbridge-scheduler-json-string-detail.json", "eventbridge-custom.json",
            "eventbridge-ec2-state-change.json",
        ]
    )
    func topLevelEventBridgeIsForwardedAsReceived(name: String) async throws {
        let (response, invoker) = try await run(name, invoker: RecordingInvoker(always: .result("done")))
        let original = try JSONValue(parsing: DispatchTestSupport.fixture(name))
        #expect(invoker.payloads == [original])
        #expect(invoker.payloads.first?["type"] == nil)
        #expect(invoker.payloads.first?["detail-type"] == original["detail-type"])
        ResponseShape.expectDropIn(response, ["result": "done"])
    }

    @Test("a Scheduler detail sent as a JSON string reaches the function as that string")
    func schedulerStringDetailIsKept() async throws {
        let (_, scheduler) = try await run("eventbridge-scheduler-string-detail.json")
        #expect(scheduler.payloads.first?["detail"] == "{}")
    }

    @Test("HTTP payload: one shape for REST, HTTP API, Function URL and ALB")
    func httpPayload() async throws {
        let (_, v1) = try await run("apigw-v1.json")
        let rest = try #require(v1.payloads.first)
        #expect(rest["source"] == "apigateway-v1")
        #expect(rest["method"] == "GET")
        #expect(rest["query"]?["tag"] == ["urgent", "gift"])
        #expect(rest["headers"]?["user-agent"] == "curl/8.5.0")
        #expect(rest["cookies"] == ["session=abc123", "theme=dark"])
        #expect(rest["pathParameters"] == ["orderId": "o-9931"])
        #expect(rest["sourceIp"] == "203.0.113.17")
        #expect(rest["body"] == .null)

        let (_, v2) = try await run("apigw-v2-cookies.json")
        #expect(v2.payloads.first?["cookies"]?.arrayValue?.count == 3)
        let (_, url) = try await run("function-url.json")
        #expect(url.payloads.first?["query"]?["note"] == ["thanks a+lot"])
        #expect(url.payloads.first?["source"] == "function-url")
        let (_, alb) = try await run("alb-multi-value-headers.json")
        let request = try #require(alb.payloads.first)
        #expect(request["query"]?["redirect"] == ["/thanks?source=form"])
        #expect(request["headers"]?["accept"] == "text/html, application/json")
        #expect(request["isBase64Encoded"] == true)
        #expect(request["sourceIp"] == "198.51.100.5")
    }

    @Test("SQS partial failure: only failed messages are reported")
    func sqsPartialFailure() async throws {
        let invoker = RecordingInvoker { payload in
            payload["body"] == "Hello from SQS!" ? .failure(DispatchTestSupport.remoteError) : .success(.result(nil))
        }
        let (response, _) = try await run("sqs.json", invoker: invoker)
        #expect(response == ["batchItemFailures": [["itemIdentifier": "059f36b4-87a3-44ab-83d2-661975830a7d"]]])
    }

    @Test("an SQS message holding several S3 objects fails when any of its calls fails")
    func sqsGroupFailure() async throws {
        let invoker = RecordingInvoker { payload in
            payload["key"] == "café/menü 日本.pdf" ? .failure(DispatchTestSupport.remoteError) : .success(.result(1))
        }
        let (response, calls) = try await run("sqs-s3.json", invoker: invoker)
        #expect(calls.payloads.count == 4)
        #expect(response == ["batchItemFailures": [["itemIdentifier": "b2c3d4e5-f6a7-4b5c-9d0e-1f2a3b4c5d6e"]]])
    }

    @Test("a failed SQS record without a messageId fails the whole batch")
    func sqsUnidentifiable() async throws {
        let bytes = Array(
            #"{"Records":[{"eventSource":"aws:sqs","body":"x"},{"eventSource":"aws:sqs","messageId":"m","body":"y"}]}"#
                .utf8
        )
        let invoker = RecordingInvoker()
        let result = await DispatchTestSupport.run(bytes, configuration: record, invoker: invoker)
        guard case .failure(let error) = result else {
            Issue.record("expected an invocation error")
            return
        }
        #expect(error.errorType == "Bridge.InvalidEvent")
        #expect(invoker.payloads.count == 1)
    }

    @Test("S3 / SNS record failures are Bridge.RecordsFailed; single events keep the invoker's errorType")
    func recordsFailed() async throws {
        for name in ["s3-put-encoded-keys.json", "sns.json", "sqs.json", "eventbridge-custom.json"] {
            let result = await DispatchTestSupport.run(
                try DispatchTestSupport.fixture(name),
                configuration: record,
                invoker: RecordingInvoker(failing: DispatchTestSupport.remoteError)
            )
            switch (name, result) {
            case ("sqs.json", .success(let response)):
                #expect(response["batchItemFailures"]?.arrayValue?.count == 3)
            case ("eventbridge-custom.json", .failure(let error)):
                #expect(error.errorType == "Modal.RemoteError")
            case (_, .failure(let error)):
                #expect(error.errorType == "Bridge.RecordsFailed")
                #expect(error.message.contains("Modal.RemoteError: ValueError: boom"))
            default:
                Issue.record("unexpected result for \(name): \(result)")
            }
        }
    }
}
