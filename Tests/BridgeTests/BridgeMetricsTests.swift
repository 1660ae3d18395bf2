import Bridge
import JSON
import LambdaRuntime
import Testing

@Suite struct BridgeMetricsTests {
    private static let sqsBatch: JSONValue = [
        "Records": .array(
            ["ok-1", "please FAIL", "ok-2"].enumerated().map { index, body in
                [
                    "messageId": .string("m-\(index)"), "body": .string(body), "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders", "awsRegion": "us-east-1",
                ]
            }
        )
    ]

    private func handler(_ changes: [String: String], sink: MemorySink) throws -> BridgeHandler {
        var environment = BridgeConfigurationTests.base
        environment["AWS_LAMBDA_FUNCTION_NAME"] = "orders-bridge"
        environment.merge(changes) { _, new in new }
        return BridgeHandler(
            configuration: try BridgeConfiguration(environment: environment),
            client: FakeModal(failMarked: true),
            environment: Environment(environment),
            metricSink: sink
        )
    }

    @Test func aRecordBatchWithOneFailureCountsItAndColdStartIsFirstOnly() async throws {
        let sink = MemorySink()
        let handler = try handler(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_DISPATCH_MODE": "record"], sink: sink)
        for requestID in ["req-1", "req-2"] {
            let response = try await handler.handle(
                Self.sqsBatch.serialized(),
                context: BridgeHandlerTests.context(requestID: requestID)
            )
            #expect(try JSONValue(parsing: response) == ["batchItemFailures": [["itemIdentifier": "m-1"]]])
        }
        #expect(sink.lines.count == 2)
        let lines = try sink.lines.map { try JSONValue(parsing: $0) }
        for (index, line) in lines.enumerated() {
            #expect(line["requestId"]?.stringValue == "req-\(index + 1)")
            #expect(line["ColdStart"] == .integer(index == 0 ? 1 : 0))
            #expect(line["RecordsProcessed"] == 3)
            #expect(line["RecordsFailed"] == 1)
            #expect(line["RecordsSkipped"] == 0)
            #expect(line["ModalCalls"] == 3)
            #expect(line["ModalCallsFailed"] == 1)
            #expect(line["ModalCallDuration"]?.arrayValue?.count == 3)
            #expect(line["TokenFetches"] == 0)
            #expect(line["TokenRefreshes"] == 0)
            #expect(line["FunctionName"] == "orders-bridge")
            #expect(line["Source"] == "sqs")
            #expect(line["Call"] == "remote")
            #expect(line["Mode"] == "record")
            let directive = try #require(line["_aws"]?["CloudWatchMetrics"]?[0])
            #expect(directive["Namespace"] == "ModalBridge")
            #expect(directive["Dimensions"] == [["FunctionName", "Source", "Call"], ["FunctionName"]])
            let names = directive["Metrics"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? []
            #expect(names.contains("RecordsFailed"))
            for name in names { #expect(line[name]?.numberValue != nil || line[name]?.arrayValue != nil) }
        }
    }

    @Test func eventModeFailureCountsEveryRecordOfTheCallAndStillWritesTheLine() async throws {
        let sink = MemorySink()
        let handler = try handler(["MODAL_BRIDGE_METRICS": "emf", "MODAL_INTEGRATION_PATTERN": "spawn"], sink: sink)
        await #expect(throws: (any Error).self) {
            try await handler.handle(Self.sqsBatch.serialized(), context: BridgeHandlerTests.context())
        }
        let line = try JSONValue(parsing: try #require(sink.lines.first))
        #expect(line["RecordsProcessed"] == 3)
        #expect(line["RecordsFailed"] == 3)
        #expect(line["ModalCalls"] == 1)
        #expect(line["ModalCallsFailed"] == 1)
        #expect(line["Call"] == "spawn")
        #expect(line["Mode"] == "event")
    }

    @Test func anEventThatIsNotJSONIsOneFailedRecordOfSourceInvalid() async throws {
        let sink = MemorySink()
        let handler = try handler(["MODAL_BRIDGE_METRICS": "emf"], sink: sink)
        await #expect(throws: (any Error).self) {
            try await handler.handle(Array("{not json".utf8), context: BridgeHandlerTests.context())
        }
        let line = try JSONValue(parsing: try #require(sink.lines.first))
        #expect(line["Source"] == "invalid")
        #expect(line["RecordsFailed"] == 1)
        #expect(line["ModalCalls"] == 0)
        #expect(line["ModalCallDuration"] == nil, "no call, no duration value")
        let names = line["_aws"]?["CloudWatchMetrics"]?[0]?["Metrics"]?.arrayValue?.compactMap { $0["Name"] } ?? []
        #expect(!names.contains("ModalCallDuration"))
    }

    @Test func offWritesNothing() async throws {
        let sink = MemorySink()
        let handler = try handler(["MODAL_BRIDGE_DISPATCH_MODE": "record"], sink: sink)
        _ = try await handler.handle(Self.sqsBatch.serialized(), context: BridgeHandlerTests.context())
        #expect(sink.lines.isEmpty)
    }

    @Test func payloadsNeverReachTheLine() async throws {
        let sink = MemorySink()
        let handler = try handler(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_DISPATCH_MODE": "record"], sink: sink)
        _ = try await handler.handle(Self.sqsBatch.serialized(), context: BridgeHandlerTests.context())
        let line = try #require(sink.lines.first)
        for content in ["ok-1", "please FAIL", "m-1", "123456789012"] {
            #expect(!line.contains(content), "\(content) reached the metric line")
        }
    }
}
