import JSON
import Logging
import ModalClient
import Synchronization
import TestSupport
import Testing

/// `remoteMap` against the Python Modal test server: one FunctionMap of call type MAP, outputs matched by idx, errors
/// per input, chunking, retries, the deadline and the input-plane fallback.
@Suite("ModalClient map calls against the Modal test server")
struct ModalClientMapTests {
    typealias H = ModalClientHarness

    /// What a map call delivered, in delivery order.
    final class Deliveries: Sendable {
        private let received = Mutex<[(Int, Result<JSONValue, ModalError>)]>([])

        var order: [Int] { received.withLock { $0.map(\.0) } }

        func add(_ index: Int, _ result: Result<JSONValue, ModalError>) {
            received.withLock { $0.append((index, result)) }
        }

        /// The result of each index (each must have been delivered exactly once).
        func results(count: Int) throws -> [Result<JSONValue, ModalError>] {
            let all = received.withLock { $0 }
            #expect(all.map(\.0).sorted() == Array(0..<count), "every index exactly once")
            return try (0..<count).map { index in try #require(all.first { $0.0 == index }?.1) }
        }
    }

    static func map(
        _ harness: H,
        _ name: String,
        app: String = "test-app",
        _ payloads: [JSONValue],
        deadline: Double = 60
    ) async throws -> (ModalMapRoute, Deliveries) {
        let deliveries = Deliveries()
        let route = await harness.client.remoteMap(
            H.function(name, app: app),
            arguments: try payloads.map { try H.arguments($0) },
            deadline: H.deadline(deadline),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            deliver: { deliveries.add($0, $1) }
        )
        return (route, deliveries)
    }

    @Test func oneMapCallWithOutputsMatchedByIdxWhenTheyArriveOutOfOrder() async throws {
        try await H.with { harness in
            // Later inputs sleep less: the server writes the outputs in reverse order.
            let seconds = [0.6, 0.4, 0.2, 0.0]
            let (route, deliveries) = try await Self.map(harness, "slow", seconds.map { ["seconds": .double($0)] })
            #expect(route == .mapped)
            let results = try deliveries.results(count: seconds.count)
            for (index, result) in results.enumerated() {
                #expect(try result.get() == ["slept": .double(seconds[index])])
            }
            #expect(deliveries.order != [0, 1, 2, 3], "outputs arrived out of order: \(deliveries.order)")

            let records = try await harness.server.records()
            let maps = records.filter { $0.method == "FunctionMap" }
            #expect(maps.count == 1)
            let request = try #require(maps.first?.request)
            #expect(request["function_call_type"] == "FUNCTION_CALL_TYPE_MAP")
            #expect(request["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_SYNC")
            #expect(request["pipelined_inputs"]?.arrayValue?.count == 4)
            let idxs = maps.first?.raw["inputs"]?.arrayValue?.compactMap { $0["idx"]?.numberValue?.int64Value }
            #expect(idxs == [0, 1, 2, 3])
            #expect(!records.contains { $0.method == "FunctionPutInputs" })
            let polls = records.filter { $0.method == "FunctionGetOutputs" }.compactMap(\.request)
            let waiting = polls.dropLast()
            #expect(waiting.allSatisfy { $0["clear_on_success"] == nil || $0["clear_on_success"] == false })
            let cursors = waiting.compactMap { $0["last_entry_id"]?.stringValue }
            #expect(cursors.first == "0-0" && Set(cursors).count == cursors.count, "a cursor per poll: \(cursors)")
            // No output was returned twice.
            let returned = records.filter { $0.method == "FunctionGetOutputs" }.dropLast()
                .flatMap { $0.response?["outputs"]?.arrayValue ?? [] }
            #expect(returned.count == 4)
            #expect(polls.last?["clear_on_success"] == true)
        }
    }

    @Test func aFailedInputFailsOnlyItsIndex() async throws {
        try await H.with { harness in
            let payloads: [JSONValue] = ["a", "FAIL", "c"]
            let (_, deliveries) = try await Self.map(harness, "fail_marked", payloads)
            let results = try deliveries.results(count: 3)
            #expect(try results[0].get()["args"]?[0] == "a")
            #expect(try results[2].get()["args"]?[0] == "c")
            guard case .failure(let error) = results[1] else {
                Issue.record("index 1 should have failed")
                return
            }
            #expect(error.errorType == "Modal.RemoteError")
            #expect(error.exception?.contains("record marked FAIL") == true)
            #expect(error.traceback != nil)
        }
    }

    @Test func moreThan49InputsGoThroughFunctionPutInputsInChunks() async throws {
        try await H.with { harness in
            let payloads = (0..<60).map { JSONValue.integer(Int64($0)) }
            let (_, deliveries) = try await Self.map(harness, "echo", payloads)
            for (index, result) in try deliveries.results(count: 60).enumerated() {
                #expect(try result.get()["args"]?[0] == .integer(Int64(index)))
            }
            var records = try await harness.server.records()
            #expect(records.first { $0.method == "FunctionMap" }?.request?["pipelined_inputs"]?.arrayValue?.count == 49)
            var puts = records.filter { $0.method == "FunctionPutInputs" }
            #expect(puts.map { $0.raw["inputs"]?.arrayValue?.count } == [11])

            // A server that takes no pipelined input: everything through FunctionPutInputs, 49 at a time.
            try await harness.server.updateSettings(["pipelined_inputs": false])
            let seen = records.count
            let (_, again) = try await Self.map(harness, "echo", payloads)
            for (index, result) in try again.results(count: 60).enumerated() {
                #expect(try result.get()["args"]?[0] == .integer(Int64(index)))
            }
            records = Array(try await harness.server.records().dropFirst(seen))
            puts = records.filter { $0.method == "FunctionPutInputs" }
            #expect(puts.map { $0.raw["inputs"]?.arrayValue?.count } == [49, 11])
        }
    }

    @Test func internalFailuresAreRetriedPerInput() async throws {
        try await H.with { harness in
            let (_, deliveries) = try await Self.map(harness, "flaky", [["failures": 0], ["failures": 2]])
            let results = try deliveries.results(count: 2)
            #expect(try results[0].get()["args"]?[0] == ["failures": 0])
            #expect(try results[1].get()["args"]?[0] == ["failures": 2])
            let retries = try await harness.server.records().filter { $0.method == "FunctionRetryInputs" }
            #expect(retries.count == 2)
            #expect(retries.allSatisfy { $0.request?["inputs"]?.arrayValue?.count == 1 })
        }
    }

    @Test func inputsStillRunningAtTheDeadlineTimeOutAndTheCallIsCancelled() async throws {
        try await H.with { harness in
            let (_, deliveries) = try await Self.map(
                harness,
                "slow",
                [["seconds": 0.0], ["seconds": 30.0]],
                deadline: 4
            )
            let results = try deliveries.results(count: 2)
            #expect(try results[0].get() == ["slept": 0.0])
            guard case .failure(let error) = results[1] else {
                Issue.record("index 1 should have timed out")
                return
            }
            #expect(error.errorType == "Modal.Timeout")
            #expect(error.message.contains("was cancelled"))
            #expect(try await harness.server.records().contains { $0.method == "FunctionCallCancel" })
        }
    }

    @Test func aRefusedMapCallFailsEveryIndex() async throws {
        try await H.with { harness in
            try await harness.server.addFault(code: "PERMISSION_DENIED", methods: ["FunctionMap"])
            let (_, deliveries) = try await Self.map(harness, "echo", ["a", "b"])
            for result in try deliveries.results(count: 2) {
                guard case .failure(let error) = result else {
                    Issue.record("every index should have failed")
                    continue
                }
                #expect(error.errorType == "Modal.PermissionDenied")
            }
        }
    }

    @Test func largeInputsGoThroughBlobs() async throws {
        try await H.with(settings: ["max_object_size_bytes": 64]) { harness in
            let big = JSONValue.string(String(repeating: "x", count: 200))
            let (_, deliveries) = try await Self.map(harness, "echo", ["small", big])
            let results = try deliveries.results(count: 2)
            #expect(try results[1].get()["args"]?[0] == big)
            let records = try await harness.server.records()
            #expect(records.filter { $0.method == "BlobCreate" }.count == 1)
            let inputs = records.first { $0.method == "FunctionMap" }?.request?["pipelined_inputs"]?.arrayValue
            #expect(inputs?[1]["input"]?["args_blob_id"] != nil)
        }
    }

    @Test func functionsOnAnInputPlaneNeedSingleCalls() async throws {
        try await H.with { harness in
            let (route, deliveries) = try await Self.map(harness, "echo", app: "ip-app", ["a", "b"])
            #expect(route == .needsSingleCalls)
            #expect(deliveries.order.isEmpty)
            #expect(!(try await harness.server.records().contains { $0.method == "FunctionMap" }))
        }
    }
}
