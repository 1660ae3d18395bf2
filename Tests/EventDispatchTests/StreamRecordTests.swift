import EventDispatch
import JSON
import LambdaEvents
import Logging
import TestSupport
import Testing

@Suite("Kinesis and DynamoDB Streams: payloads and the ordered partial-failure rule")
struct StreamRecordTests {
    private let record = DispatchConfiguration(mode: .record, concurrency: 8)

    private func run(
        _ bytes: [UInt8],
        configuration: DispatchConfiguration? = nil,
        invoker: RecordingInvoker = RecordingInvoker()
    ) async throws -> JSONValue {
        try await DispatchTestSupport.run(bytes, configuration: configuration ?? record, invoker: invoker).get()
    }

    private static func failures(_ response: JSONValue) -> [String]? {
        response["batchItemFailures"]?.arrayValue?.compactMap { $0["itemIdentifier"]?.stringValue }
    }

    @Test("Kinesis data: JSON decoded (numbers exact), text as text, binary only as base64; the raw value kept")
    func kinesisPayloads() async throws {
        let invoker = RecordingInvoker()
        let response = try await run(DispatchTestSupport.fixture("kinesis.json"), invoker: invoker)
        #expect(response == ["batchItemFailures": []])
        let payloads = invoker.payloads
        try #require(payloads.count == 3)
        let json = payloads[0]
        #expect(json["type"] == "kinesis")
        #expect(json["dataFormat"] == "json")
        #expect(json["dataJSON"]?["orderId"]?.numberValue?.text == "12345678901234567890")
        #expect(json["dataJSON"]?["amount"]?.numberValue?.text == "19.90")
        #expect(json["dataText"]?.stringValue?.hasPrefix("{\"orderId\"") == true)
        #expect(json["sequenceNumber"] == "49656711924393827046413561092461372419183036930813198386")
        #expect(json["partitionKey"] == "customer-17")
        #expect(json["approximateArrivalTimestamp"]?.numberValue?.text == "1732780800.123")
        #expect(json["region"] == "eu-west-1")
        #expect(json["record"]?["kinesis"]?["data"] == json["data"])
        #expect(
            DispatchTestSupport.keys(json) == [
                "type", "eventID", "sequenceNumber", "partitionKey", "eventSourceARN", "region",
                "approximateArrivalTimestamp", "dataFormat", "data", "dataJSON", "dataText", "record",
            ]
        )
        let text = payloads[1]
        #expect(text["dataFormat"] == "text")
        #expect(text["dataJSON"] == .null)
        #expect(text["dataText"] == "plain text: café ☕")
        let binary = payloads[2]
        #expect(binary["dataFormat"] == "binary")
        #expect(binary["dataJSON"] == .null)
        #expect(binary["dataText"] == .null)
        #expect(binary["data"] == "iVBORw0KGgoA//4=")
    }

    @Test("DynamoDB images unmarshalled: every type, N kept digit for digit, REMOVE and KEYS_ONLY without images")
    func dynamoDBPayloads() async throws {
        let invoker = RecordingInvoker()
        let response = try await run(DispatchTestSupport.fixture("dynamodb-stream-types.json"), invoker: invoker)
        #expect(response == ["batchItemFailures": []])
        let payloads = invoker.payloads
        try #require(payloads.count == 3)
        let modify = payloads[0]
        #expect(modify["type"] == "dynamodb")
        #expect(modify["eventName"] == "MODIFY")
        #expect(modify["sequenceNumber"] == "700000000011111111111")
        #expect(modify["keys"] == ["pk": "order#1001", "sk": 1])
        let image = try #require(modify["newImage"])
        #expect(image["total"]?.numberValue?.text == "123456789012345678901234567890.123456789")
        #expect(image["tiny"]?.numberValue?.text == "-0.000000000000000000000000000000000001")
        #expect(image["big"]?.numberValue?.text == "1E+125")
        #expect(image["paid"] == true)
        #expect(image["note"] == .null)
        #expect(image["blob"] == "AAEC")
        #expect(image["tags"] == ["gift", "express"])
        #expect(
            image["sizes"]?.arrayValue?.compactMap { $0.numberValue?.text } == [
                "42", String(repeating: "9", count: 38),
            ]
        )
        #expect(image["chunks"] == ["YQ==", "/w=="])
        #expect(image["address"] == ["city": "Lyon", "zip": "69001"])
        #expect(image["items"] == ["sku-1", 2, ["qty": 3]])
        #expect(modify["oldImage"]?["total"]?.numberValue?.text == "10")
        #expect(
            modify["record"]?["dynamodb"]?["NewImage"]?["total"] == ["N": "123456789012345678901234567890.123456789"]
        )

        let remove = payloads[1]
        #expect(remove["eventName"] == "REMOVE")
        #expect(remove["newImage"] == .null)
        #expect(remove["oldImage"]?["pk"] == "order#1001")
        let keysOnly = payloads[2]
        #expect(keysOnly["streamViewType"] == "KEYS_ONLY")
        #expect(keysOnly["newImage"] == .null && keysOnly["oldImage"] == .null)
        #expect(keysOnly["keys"] == ["pk": "order#1002", "sk": 1])
    }

    @Test(
        "DynamoDB JSON that is not valid is refused with where it is",
        arguments: [
            #"{"a":{"N":"12abc"}}"#, #"{"a":{"N":12}}"#, #"{"a":{"S":"x","N":"1"}}"#, #"{"a":{"X":"y"}}"#,
            #"{"a":{"NULL":false}}"#, #"{"a":{"SS":["x",1]}}"#, #"{"a":{"L":[{"N":"1"},{"N":"+"}]}}"#, #"[]"#,
        ]
    )
    func invalidDynamoDBJSON(text: String) throws {
        #expect(throws: DynamoDBJSON.Malformation.self) {
            try DynamoDBJSON.item(try JSONValue(parsing: Array(text.utf8)))
        }
    }

    @Test(
        "the k-th failed call: exactly its sequence number is reported, nothing after it is sent",
        arguments: StreamBatchBuilder.Source.allCases,
        [0, 1, 4, 7]
    )
    func firstFailureStops(source: StreamBatchBuilder.Source, failing: Int) async throws {
        let invoker = RecordingInvoker { payload in
            StreamBatchBuilder.index(of: payload) == failing
                ? .failure(DispatchTestSupport.remoteError) : .success(.result(nil))
        }
        let response = try await run(StreamBatchBuilder.batch(source, count: 8), invoker: invoker)
        #expect(Self.failures(response) == [StreamBatchBuilder.sequenceNumber(failing)])
        #expect(invoker.payloads.compactMap(StreamBatchBuilder.index) == Array(0...failing))
        #expect(invoker.maxInFlight == 1)
    }

    @Test("all succeed: empty list, one call at a time in record order", arguments: StreamBatchBuilder.Source.allCases)
    func inOrder(source: StreamBatchBuilder.Source) async throws {
        let invoker = RecordingInvoker { _ in
            await Task.yield()
            return .success(.result(nil))
        }
        let response = try await run(
            StreamBatchBuilder.batch(source, count: 12, key: { "key-\($0 % 3)" }),
            invoker: invoker
        )
        #expect(response == ["batchItemFailures": []])
        #expect(invoker.payloads.compactMap(StreamBatchBuilder.index) == Array(0..<12))
        #expect(invoker.maxInFlight == 1)
    }

    @Test(
        "a record that cannot be decoded fails at its position: it is reported, nothing after it is sent",
        arguments: ["kinesis-malformed-record.json", "dynamodb-stream-malformed-record.json"]
    )
    func malformedInTheMiddle(name: String) async throws {
        let invoker = RecordingInvoker()
        let (logger, logs) = DispatchTestSupport.collectingLogger()
        let response = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture(name),
            configuration: record,
            invoker: invoker,
            logger: logger
        ).get()
        let event = try InboundEvent(bytes: DispatchTestSupport.fixture(name))
        let second = try #require(event.value["Records"]?[1])
        let sequence = second["kinesis"]?["sequenceNumber"] ?? second["dynamodb"]?["SequenceNumber"]
        #expect(response == ["batchItemFailures": [["itemIdentifier": try #require(sequence)]]])
        #expect(invoker.payloads.count == 1)
        #expect(
            logs.messages.filter { $0 == "record not sent: an earlier record of this ordered batch failed" }.count == 1
        )
        let failure = try #require(logs.all.first { $0.message == "record failed" })
        #expect(failure.metadata["error.type"] == "Bridge.InvalidRecord")
    }

    @Test("a failed record without a sequence number fails the whole batch (Lambda retries it whole)")
    func unidentifiable() async throws {
        let bytes = Array(
            #"{"Records":[{"eventSource":"aws:kinesis","kinesis":{"data":"e30="}},{"eventSource":"aws:kinesis"}]}"#.utf8
        )
        let invoker = RecordingInvoker()
        let result = await DispatchTestSupport.run(bytes, configuration: record, invoker: invoker)
        guard case .failure(let error) = result else {
            Issue.record("expected an invocation error, got \(result)")
            return
        }
        #expect(error.errorType == "Bridge.InvalidEvent")
        #expect(invoker.payloads.isEmpty)
    }

    @Test("partition-key ordering: keys run concurrently, each key in order, the earliest failure is reported")
    func partitionKeyLanes() async throws {
        let gate = Gate(target: 2)
        let invoker = RecordingInvoker { payload in
            let index = StreamBatchBuilder.index(of: payload) ?? -1
            if index < 2 { await gate.arrive() }
            return index == 4 ? .failure(DispatchTestSupport.remoteError) : .success(.result(nil))
        }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            await gate.force()
        }
        defer { watchdog.cancel() }
        let configuration = DispatchConfiguration(mode: .record, concurrency: 4, streamOrdering: .partitionKey)
        // Record i has key i % 2: lane "key-0" is 0, 2, 4, 6, 8 and lane "key-1" is 1, 3, 5, 7, 9.
        let response = try await run(
            StreamBatchBuilder.batch(.kinesis, count: 10, key: { "key-\($0 % 2)" }),
            configuration: configuration,
            invoker: invoker
        )
        #expect(await gate.forced == false, "the two keys' first records never overlapped")
        #expect(Self.failures(response) == [StreamBatchBuilder.sequenceNumber(4)])
        let sent = invoker.payloads.compactMap(StreamBatchBuilder.index)
        #expect(!sent.contains(6) && !sent.contains(8), "the failed key stops at its failure")
        #expect(sent.filter { $0 % 2 == 0 } == [0, 2, 4])
        let odd = sent.filter { $0 % 2 == 1 }
        #expect(odd == Array([1, 3, 5, 7, 9].prefix(odd.count)), "each key keeps its order")
    }

    @Test(
        "event mode forwards a stream batch unchanged, as before",
        arguments: ["kinesis.json", "dynamodb-stream-types.json"]
    )
    func eventMode(name: String) async throws {
        let invoker = RecordingInvoker(always: .result("done"))
        let bytes = try DispatchTestSupport.fixture(name)
        let response = try await run(bytes, configuration: DispatchConfiguration(mode: .event), invoker: invoker)
        #expect(invoker.payloads == [try JSONValue(parsing: bytes)])
        ResponseShape.expectDropIn(response, ["result": "done"])
    }
}
