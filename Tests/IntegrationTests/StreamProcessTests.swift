import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// Kinesis and DynamoDB Streams through the real `bootstrap`, the Modal test server and the local Runtime API: the
/// k-th call fails, the response names exactly the k-th record's sequence number, and the server's RPC log shows
/// the calls in record order with none after the k-th.
extension BridgeProcessTests {
    private static let batchSize = 6

    /// The calls the Modal test server accepted after `baseline` (`FunctionMap` records, in arrival order).
    private func functionMaps(after baseline: Int) async throws -> [ModalRPCRecord] {
        let environment = try #require(BridgeEnvironment.current)
        return try await environment.modal.records(of: "FunctionMap").filter { $0.seq > baseline }.sorted {
            $0.seq < $1.seq
        }
    }

    private func lastSeq() async throws -> Int {
        let environment = try #require(BridgeEnvironment.current)
        return try await environment.modal.records().map(\.seq).max() ?? 0
    }

    /// The sequence number of the record a logged call carried (`args[0]` is the normalized payload).
    private static func sequenceNumber(_ call: ModalRPCRecord) -> String? {
        call.raw["inputs"]?[0]?["args"]?[0]?["sequenceNumber"]?.stringValue
    }

    /// The response is a partial batch response naming exactly record `failing`'s sequence number.
    private static func expectOnlyReported(
        _ failing: Int,
        _ result: InvocationResult,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard case .response(let body) = result else {
            Issue.record("expected a partial batch response, got \(result)", sourceLocation: sourceLocation)
            return
        }
        let expected = JSONValue.string(StreamBatchBuilder.sequenceNumber(failing))
        #expect(
            try JSONValue(parsing: body) == ["batchItemFailures": [["itemIdentifier": expected]]],
            sourceLocation: sourceLocation
        )
    }

    @Test(
        "record mode, remote: the function fails on the k-th record",
        arguments: StreamBatchBuilder.Source.allCases,
        [0, 3, 5]
    )
    func streamRemoteFailure(source: StreamBatchBuilder.Source, failing: Int) async throws {
        let environment = try #require(BridgeEnvironment.current)
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "fail_marked", pattern: "remote", mode: "record")
        )
        let baseline = try await lastSeq()
        let result = await runtime.invoke(StreamBatchBuilder.batch(source, count: Self.batchSize, marked: failing))
        await runtime.stop()
        try Self.expectOnlyReported(failing, result)
        let calls = try await functionMaps(after: baseline)
        #expect(calls.map(Self.sequenceNumber) == (0...failing).map(StreamBatchBuilder.sequenceNumber))
    }

    @Test(
        "record mode, spawn: the server refuses the k-th call",
        arguments: StreamBatchBuilder.Source.allCases,
        [0, 2]
    )
    func streamSpawnFailure(source: StreamBatchBuilder.Source, failing: Int) async throws {
        let environment = try #require(BridgeEnvironment.current)
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "spawn", mode: "record")
        )
        let baseline = try await lastSeq()
        try await environment.modal.addFault(code: "INVALID_ARGUMENT", skip: failing, methods: ["FunctionMap"])
        let result = await runtime.invoke(StreamBatchBuilder.batch(source, count: Self.batchSize))
        try await environment.modal.clearFaults()
        await runtime.stop()
        try Self.expectOnlyReported(failing, result)
        let calls = try await functionMaps(after: baseline)
        #expect(calls.count == failing + 1, "no call after the refused one")
        #expect(calls.last?.isFault == true)
        let accepted = calls.dropLast().map(Self.sequenceNumber)
        #expect(accepted == (0..<failing).map(StreamBatchBuilder.sequenceNumber))
    }

    @Test("record mode: all succeed, every record once, in order", arguments: StreamBatchBuilder.Source.allCases)
    func streamAllSucceed(source: StreamBatchBuilder.Source) async throws {
        let environment = try #require(BridgeEnvironment.current)
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "fail_marked", pattern: "remote", mode: "record")
        )
        let baseline = try await lastSeq()
        let result = await runtime.invoke(StreamBatchBuilder.batch(source, count: Self.batchSize))
        await runtime.stop()
        guard case .response(let body) = result else {
            Issue.record("expected a response, got \(result)")
            return
        }
        #expect(try JSONValue(parsing: body) == ["batchItemFailures": []])
        let calls = try await functionMaps(after: baseline)
        #expect(calls.map(Self.sequenceNumber) == (0..<Self.batchSize).map(StreamBatchBuilder.sequenceNumber))
    }

    @Test("event mode: the batch is one call, unchanged; a failure is an invocation error")
    func streamEventMode() async throws {
        let environment = try #require(BridgeEnvironment.current)
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "fail_marked", pattern: "remote", mode: "event")
        )
        let kinesis = StreamBatchBuilder.batch(.kinesis, count: Self.batchSize, marked: 2)
        let baseline = try await lastSeq()
        // The marker is inside Kinesis's base64 data, invisible to the function in event mode: it succeeds.
        let forwarded = await runtime.invoke(kinesis)
        // DynamoDB images are plain text: the whole batch fails.
        let failed = await runtime.invoke(StreamBatchBuilder.batch(.dynamodb, count: Self.batchSize, marked: 2))
        await runtime.stop()
        guard case .response(let body) = forwarded else {
            Issue.record("expected a response, got \(forwarded)")
            return
        }
        let response = try JSONValue(parsing: body)
        #expect(response["status"] == "Success")
        #expect(
            response["response"]?["result"]?["args"]?[0]?.semanticallyEquals(try JSONValue(parsing: kinesis)) == true
        )
        guard case .error(_, let errorType) = failed else {
            Issue.record("expected an invocation error, got \(failed)")
            return
        }
        #expect(errorType == "Modal.RemoteError")
        #expect(try await functionMaps(after: baseline).count == 2)
    }
}
