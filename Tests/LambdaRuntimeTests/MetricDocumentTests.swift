import JSON
import LambdaRuntime
import TestSupport
import Testing

@Suite struct MetricDocumentTests {
    /// 2024-11-02T16:51:31.587Z
    private static let fixedMillis: Int64 = 1_730_566_291_587

    private func document(properties: [(String, JSONValue)] = []) throws -> MetricDocument {
        try MetricDocument(
            timestamp: Self.fixedMillis,
            namespace: "ModalBridge",
            dimensionSets: [["FunctionName", "Source"], ["FunctionName"]],
            dimensions: [("FunctionName", "orders"), ("Source", "sqs"), ("Mode", "record")],
            metrics: [
                .init("RecordsFailed", .count, 1),
                try #require(.init("CallDuration", .milliseconds, values: [1.5, 20, 3.25])),
            ],
            properties: properties
        )
    }

    @Test func golden() throws {
        let line = String(decoding: try document(properties: [("requestId", "req-1")]).line, as: UTF8.self)
        #expect(
            line
                == #"{"_aws":{"Timestamp":1730566291587,"CloudWatchMetrics":[{"Namespace":"ModalBridge","Dimensions":[["FunctionName","Source"],["FunctionName"]],"Metrics":[{"Name":"RecordsFailed","Unit":"Count"},{"Name":"CallDuration","Unit":"Milliseconds"}]}]},"FunctionName":"orders","Source":"sqs","Mode":"record","RecordsFailed":1,"CallDuration":[1.5,20,3.25],"requestId":"req-1"}"#
                + "\n"
        )
    }

    @Test func everyUnitIsSpelledAsCloudWatchSpellsIt() {
        #expect(MetricUnit.allCases.count == 27)
        #expect(MetricUnit.countPerSecond.rawValue == "Count/Second")
        #expect(MetricUnit.none.rawValue == "None")
    }

    @Test func numbersAreFiniteAndIntegersHaveNoFraction() throws {
        let document = try MetricDocument(
            timestamp: 0,
            namespace: "N",
            dimensionSets: [[]],
            dimensions: [],
            metrics: [.init("A", .count, 3), .init("B", .milliseconds, 0.125), .init("C", .count, .nan)]
        )
        #expect(document.json["A"]?.numberValue?.text == "3")
        #expect(document.json["B"]?.numberValue?.text == "0.125")
        #expect(document.json["C"]?.numberValue?.text == "0")
    }

    @Test func theSpecificationsLimitsAreEnforced() throws {
        func build(
            namespace: String = "N",
            sets: [[String]] = [["D"]],
            dimensions: [(name: String, value: String)] = [("D", "v")],
            metrics: [MetricDocument.Metric] = [.init("M", .count, 1)],
            properties: [(String, JSONValue)] = []
        ) throws(MetricDocument.Invalid) -> MetricDocument {
            try MetricDocument(
                timestamp: 0,
                namespace: namespace,
                dimensionSets: sets,
                dimensions: dimensions,
                metrics: metrics,
                properties: properties
            )
        }
        _ = try build()
        #expect(throws: MetricDocument.Invalid.self) { try build(namespace: "") }
        #expect(throws: MetricDocument.Invalid.self) { try build(namespace: String(repeating: "n", count: 256)) }
        #expect(throws: MetricDocument.Invalid.self) { try build(sets: []) }
        #expect(throws: MetricDocument.Invalid.self) { try build(sets: [["Missing"]]) }
        let thirtyOne = (0...30).map { "D\($0)" }
        #expect(throws: MetricDocument.Invalid.self) {
            try build(sets: [thirtyOne], dimensions: thirtyOne.map { ($0, "v") })
        }
        let thirty = Array(thirtyOne.dropLast())
        _ = try build(sets: [thirty], dimensions: thirty.map { ($0, "v") })
        #expect(throws: MetricDocument.Invalid.self) { try build(metrics: []) }
        let many = (0...100).map { MetricDocument.Metric("M\($0)", .count, 1) }
        #expect(throws: MetricDocument.Invalid.self) { try build(metrics: many) }
        _ = try build(metrics: Array(many.dropLast()))
        #expect(throws: MetricDocument.Invalid.self) { try build(metrics: [.init("D", .count, 1)]) }
        #expect(throws: MetricDocument.Invalid.self) { try build(properties: [("M", 1)]) }
        #expect(throws: MetricDocument.Invalid.self) { try build(properties: [("_aws", 1)]) }
        #expect(MetricDocument.Metric("V", .count, values: []) == nil)
        #expect(MetricDocument.Metric("V", .count, values: Array(repeating: 1, count: 101)) == nil)
        #expect(MetricDocument.Metric("V", .count, values: Array(repeating: 1, count: 100)) != nil)
    }

    @Test func samplingKeepsEveryValueThatFitsAndOrderStatisticsBeyond() throws {
        let few = try #require(MetricDocument.Metric("D", .milliseconds, sampling: [3, 1, 2]))
        #expect(few.values == [3, 1, 2])
        let values = (1...1000).map(Double.init).shuffled()
        let many = try #require(MetricDocument.Metric("D", .milliseconds, sampling: values))
        #expect(many.values.count == 100)
        #expect(many.values.first == 1)
        #expect(many.values.last == 1000)
        #expect(many.values == many.values.sorted())
        // The median of the sample is the median of the whole, within one sampling step.
        #expect(abs(many.values[50] - 500) <= 11)
        #expect(MetricDocument.Metric("D", .milliseconds, sampling: []) == nil)
    }

    @Test func textFormatWritesTheBareDocument() throws {
        let sink = MemorySink()
        let log = MetricLog(
            environment: Environment([:]),
            sink: sink,
            time: ManualTime(epochMicroseconds: Self.fixedMillis * 1000).source
        )
        log.write(try document())
        let line = try #require(sink.lines.first)
        let parsed = try JSONValue(parsing: line)
        #expect(parsed["level"] == nil)
        #expect(parsed["timestamp"] == nil)
        #expect(parsed["_aws"]?["Timestamp"] == .integer(Self.fixedMillis))
        #expect(log.nowEpochMilliseconds() == Self.fixedMillis)
    }

    /// In JSON format Lambda drops lines below `AWS_LAMBDA_LOG_LEVEL` (INFO without a level): the metric line carries
    /// the lowest level that survives, never below INFO, and a valid timestamp so the level is honoured.
    @Test(arguments: [
        (nil, "INFO"), ("TRACE", "INFO"), ("debug", "INFO"), ("INFO", "INFO"), ("WARN", "WARN"), ("ERROR", "ERROR"),
        ("FATAL", "FATAL"), ("bogus", "INFO"),
    ])
    func jsonFormatCarriesALevelLambdaKeeps(configured: String?, expected: String) throws {
        var environment = ["AWS_LAMBDA_LOG_FORMAT": "json"]
        environment["AWS_LAMBDA_LOG_LEVEL"] = configured
        let sink = MemorySink()
        MetricLog(environment: Environment(environment), sink: sink).write(try document())
        let parsed = try JSONValue(parsing: try #require(sink.lines.first))
        #expect(parsed["level"]?.stringValue == expected)
        #expect(parsed["timestamp"]?.stringValue == "2024-11-02T16:51:31.587Z")
        #expect(parsed["_aws"] != nil)
    }
}
