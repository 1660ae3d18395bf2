import EventDispatch
import Foundation
import JSON
import LambdaEvents
import TestSupport
import Testing

/// AWS's own sample events, rendered from the aws-sam-cli 1.170.0 wheel by `scripts/render_sam_events.py`
/// (pip download, no install; needs PyPI and the test venv with chevron), run through classification and dispatch.
@Suite("SAM CLI sample events")
struct SAMSampleTests {
    /// SAM template → expected kind. A template SAM adds later must be added here.
    private static let kinds: [String: EventKind] = [
        "S3Put": .s3, "S3Delete": .s3, "S3BatchInvocation": .unknown,
        "Sqs": .sqs, "Sns": .sns,
        "AwsProxy": .apiGatewayV1, "HttpApi": .apiGatewayV2,
        "ApiGatewayAuthorizer": .unknown, "ApiGatewayRestRequestAuthorizer": .unknown,
        "ALBRequest": .alb,
        "ScheduledEvent": .scheduledEvent, "CloudwatchLogs": .unknown,
        "Kinesis": .kinesis, "DynamoDBUpdate": .dynamodbStream,
        // Firehose transformations and Kinesis Analytics preprocessing are not event source mappings: unknown.
        "KinesisAnalytics": .unknown, "KinesisAnalyticsKpl": .unknown, "KinesisFirehose": .unknown,
        "KinesisFirehoseApachelog": .unknown, "KinesisFirehoseCloudwatchLogsProcessor": .unknown,
        "KinesisFirehoseStreamsAsSource": .unknown, "KinesisFirehoseSyslog": .unknown,
    ]

    private struct Sample {
        var file: String
        var template: String
        var variant: String?
        var bytes: [UInt8]
    }

    private func render() async throws -> [Sample] {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no Python at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)"
        )
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sam-events-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = RepositoryPaths.scripts.appendingPathComponent("render_sam_events.py")
        let run = try await runCommand(python, [script.path, output.path], timeout: 600)
        try #require(run.status == 0, "render_sam_events.py failed (\(String(describing: run.status))): \(run.stderr)")
        let manifest = try JSONValue(
            parsing: Array(try Data(contentsOf: output.appendingPathComponent("manifest.json")))
        )
        return try (manifest.arrayValue ?? []).map { entry in
            let file = try #require(entry["file"]?.stringValue)
            return Sample(
                file: file,
                template: try #require(entry["template"]?.stringValue),
                variant: entry["variant"]?.stringValue,
                bytes: Array(try Data(contentsOf: output.appendingPathComponent(file)))
            )
        }
    }

    @Test(
        "every S3, SQS, SNS, API Gateway, ALB, schedule, Kinesis and DynamoDB sample classifies and dispatches in both modes"
    )
    func samples() async throws {
        let samples = try await render()
        let templates = Set(samples.map(\.template))
        #expect(templates.isSuperset(of: ["S3Put", "S3Delete", "Sqs", "Sns", "AwsProxy", "HttpApi", "ALBRequest"]))
        #expect(templates.isSuperset(of: ["ScheduledEvent", "Kinesis", "DynamoDBUpdate"]))
        for sample in samples {
            let expected = try #require(
                Self.kinds[sample.template],
                "no expectation for SAM template \(sample.template)"
            )
            let event = try InboundEvent(bytes: sample.bytes)
            #expect(event.kind == expected, "\(sample.file)")
            try await checkEventMode(sample, event)
            try await checkRecordMode(sample, event)
        }
    }

    private func checkEventMode(_ sample: Sample, _ event: InboundEvent) async throws {
        let invoker = RecordingInvoker(always: .result(["handled": .string(sample.file)]))
        let response = try await DispatchTestSupport.run(
            sample.bytes,
            configuration: DispatchConfiguration(mode: .event),
            invoker: invoker
        ).get()
        #expect(invoker.payloads == [event.value], "\(sample.file): the event is forwarded unchanged")
        if event.kind.isHTTP {
            ResponseShape.expectHTTP(
                response,
                kind: event.kind,
                multiValueHeaders: event.value["multiValueHeaders"] != nil
            )
            #expect(ResponseShape.jsonBody(response) == ["handled": .string(sample.file)])
        } else {
            ResponseShape.expectDropIn(response, ["result": ["handled": .string(sample.file)]])
        }
    }

    private func checkRecordMode(_ sample: Sample, _ event: InboundEvent) async throws {
        let invoker = RecordingInvoker(always: .spawned(functionCallID: "fc-sam"))
        let response = try await DispatchTestSupport.run(
            sample.bytes,
            configuration: DispatchConfiguration(mode: .record, pattern: .spawn),
            invoker: invoker
        ).get()
        let types = invoker.payloads.map { $0 == event.value ? "raw" : $0["type"]?.stringValue ?? "?" }
        switch (sample.template, sample.variant) {
        case ("S3Put", "encoded-key"):
            #expect(types == ["s3"])
            #expect(invoker.payloads.first?["key"] == "incoming/red flower+1 café.jpg")
            #expect(invoker.payloads.first?["rawKey"] == "incoming/red%20flower%2B1%20caf%C3%A9.jpg")
        case ("S3Delete", "encoded-key"):
            #expect(invoker.payloads.first?["key"] == "a+b/c d=e:f.txt")
            #expect(invoker.payloads.first?["size"] == .null)
        case ("S3Put", _), ("S3Delete", _):
            #expect(types == ["s3"])
            #expect(invoker.payloads.first?["key"] == "test/key")
        case ("Sqs", "s3-body"), ("Sns", "s3-message"):
            #expect(types == ["s3"])
            #expect(invoker.payloads.first?["bucket"] == "acme-uploads")
            #expect(invoker.payloads.first?["via"]?.arrayValue?.count == 1)
        case ("Sqs", _):
            #expect(types == ["sqs"])
            #expect(response == ["batchItemFailures": []])
        case ("Sns", _):
            #expect(types == ["sns"])
            #expect(invoker.payloads.first?["message"] == "example message")
        case ("AwsProxy", _), ("HttpApi", _), ("ALBRequest", _):
            #expect(types == ["http"])
            #expect(ResponseShape.status(response) == 202)
        case ("Kinesis", _):
            #expect(types == ["kinesis"])
            #expect(invoker.payloads.first?["dataFormat"] == "text")
            #expect(invoker.payloads.first?["dataText"] == "Hello, this is a test 123.")
            #expect(response == ["batchItemFailures": []])
        case ("DynamoDBUpdate", _):
            #expect(types == ["dynamodb", "dynamodb", "dynamodb"])
            #expect(invoker.payloads.map { $0["eventName"] } == ["INSERT", "MODIFY", "REMOVE"])
            #expect(invoker.payloads.map { $0["keys"] } == Array(repeating: ["Id": 101], count: 3))
            #expect(invoker.payloads.last?["newImage"] == .null)
            #expect(invoker.payloads.last?["oldImage"] == ["Message": "This item has changed", "Id": 101])
            #expect(response == ["batchItemFailures": []])
        default:
            #expect(types == ["raw"], "\(sample.file)")
            ResponseShape.expectDropIn(response, ["function_call_id": "fc-sam"])
        }
    }
}
