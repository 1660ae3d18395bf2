import EventDispatch
import JSON
import Synchronization
import TestSupport
import Testing

/// Record mode with `BatchMode.map`: an unordered batch of two or more calls goes to the invoker as one batch call
/// (the bridge: one Modal map call) and its per-position outcomes become the per-record response.
@Suite("Record mode sends unordered batches as one batch call")
struct BatchModeTests {
    /// Batches by running `behaviour` for every payload and reporting in reverse order (as outputs may arrive);
    /// positions in `hang` are never reported. `canBatch: false` declines every batch.
    final class BatchingInvoker: Invoker {
        let single: RecordingInvoker
        let canBatch: Bool
        let hang: Set<Int>
        private let batchSizes = Mutex<[Int]>([])
        private let batchPayloads = Mutex<[JSONValue]>([])
        private let singles = Mutex(0)

        init(canBatch: Bool = true, hang: Set<Int> = [], _ behaviour: @escaping RecordingInvoker.Behaviour) {
            single = RecordingInvoker(behaviour)
            self.canBatch = canBatch
            self.hang = hang
        }

        var batches: [Int] { batchSizes.withLock { $0 } }
        var batchedPayloads: [JSONValue] { batchPayloads.withLock { $0 } }
        /// Payloads sent one by one through `invoke`.
        var singleCalls: Int { singles.withLock { $0 } }

        func invoke(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome {
            singles.withLock { $0 += 1 }
            return try await single.invoke(payload)
        }

        func invokeBatch(_ payloads: [JSONValue], report: BatchReport) async -> Bool {
            guard canBatch else { return false }
            batchSizes.withLock { $0.append(payloads.count) }
            batchPayloads.withLock { $0 += payloads }
            var outcomes: [(Int, Result<InvocationOutcome, InvocationFailure>)] = []
            for (position, payload) in payloads.enumerated() where !hang.contains(position) {
                outcomes.append((position, await single.behaviourResult(payload)))
            }
            for (position, outcome) in outcomes.reversed() { report(position, outcome) }
            if !hang.isEmpty { try? await Task.sleep(for: .seconds(20)) }
            return true
        }
    }

    static func failMarked(_ payload: JSONValue) -> Result<InvocationOutcome, InvocationFailure> {
        if payload.serializedString().contains("FAIL") {
            return .failure(InvocationFailure(errorType: "Modal.RemoteError", message: "record marked FAIL"))
        }
        return .success(.result(["body": payload["body"] ?? .null]))
    }

    static func failedIDs(_ output: [UInt8]) throws -> [String]? {
        try JSONValue(parsing: output)["batchItemFailures"]?.arrayValue?.compactMap {
            $0["itemIdentifier"]?.stringValue
        }
    }

    @Test("A 10-record SQS batch is one batch call; the failed record alone is in batchItemFailures")
    func sqsBatchIsOneCall() async throws {
        let invoker = BatchingInvoker { Self.failMarked($0) }
        let bodies = (0..<10).map { $0 == 6 ? "FAIL" : "body-\($0)" }
        let output = try await Dispatcher(configuration: DispatchConfiguration(mode: .record), invoker: invoker)
            .handle(event: SQSBatchBuilder.batch(bodies: bodies), logger: DispatchTestSupport.quietLogger)
        #expect(invoker.batches == [10])
        #expect(invoker.singleCalls == 0)
        #expect(invoker.batchedPayloads.map { $0["body"]?.stringValue } == bodies)
        #expect(try Self.failedIDs(output) == [SQSBatchBuilder.messageId(6)])
    }

    @Test("S3 records keep record order when outcomes are reported out of order")
    func s3EntriesInRecordOrder() async throws {
        let invoker = BatchingInvoker { payload in .success(.result(payload["object"] ?? payload)) }
        let output = try await Dispatcher(configuration: DispatchConfiguration(mode: .record), invoker: invoker)
            .handle(event: try EventFixtures.bytes("s3-put-encoded-keys.json"), logger: DispatchTestSupport.quietLogger)
        let unary = BatchingInvoker(canBatch: false) { payload in .success(.result(payload["object"] ?? payload)) }
        let expected = try await Dispatcher(configuration: DispatchConfiguration(mode: .record), invoker: unary)
            .handle(event: try EventFixtures.bytes("s3-put-encoded-keys.json"), logger: DispatchTestSupport.quietLogger)
        #expect(invoker.batches == [3])
        #expect(try JSONValue(parsing: output) == JSONValue(parsing: expected))
    }

    @Test("Malformed SQS records are never sent and fail only themselves, as in unary mode")
    func malformedRecordsAreNotSent() async throws {
        // The fixture's three records plus two good ones: four records are sent, in one batch.
        var object = try #require(JSONValue(parsing: EventFixtures.bytes("sqs-malformed-records.json")).objectValue)
        let good = try #require(JSONValue(parsing: SQSBatchBuilder.batch(bodies: ["x", "y"]))["Records"]?.arrayValue)
        object["Records"] = .array((object["Records"]?.arrayValue ?? []) + good)
        let event = JSONValue.object(object).serialized()
        let batching = BatchingInvoker { _ in .success(.result("done")) }
        let batched = try await Dispatcher(configuration: DispatchConfiguration(mode: .record), invoker: batching)
            .handle(event: event, logger: DispatchTestSupport.quietLogger)
        let unary = BatchingInvoker { _ in .success(.result("done")) }
        let oneByOne = try await Dispatcher(
            configuration: DispatchConfiguration(mode: .record, batch: .unary),
            invoker: unary
        ).handle(event: event, logger: DispatchTestSupport.quietLogger)
        #expect(try Self.failedIDs(batched) == Self.failedIDs(oneByOne))
        #expect(try Self.failedIDs(batched)?.count == 2)
        #expect(batching.batches == [3])
        #expect(batching.singleCalls == 0 && unary.singleCalls == 3)
        #expect(unary.batches.isEmpty)
    }

    @Test("An invoker that cannot batch gets one call per record")
    func fallbackToSingleCalls() async throws {
        let invoker = BatchingInvoker(canBatch: false) { Self.failMarked($0) }
        let output = try await Dispatcher(configuration: DispatchConfiguration(mode: .record), invoker: invoker)
            .handle(event: SQSBatchBuilder.batch(bodies: ["a", "FAIL", "c"]), logger: DispatchTestSupport.quietLogger)
        #expect(invoker.singleCalls == 3)
        #expect(try Self.failedIDs(output) == [SQSBatchBuilder.messageId(1)])
    }

    @Test("No batch call for unary mode, single records, FIFO queues and event mode")
    func whenNotBatched() async throws {
        let cases: [(DispatchConfiguration, [UInt8], calls: Int)] = [
            (DispatchConfiguration(mode: .record, batch: .unary), SQSBatchBuilder.batch(bodies: ["a", "b"]), 2),
            (DispatchConfiguration(mode: .record), SQSBatchBuilder.batch(bodies: ["a"]), 1),
            (DispatchConfiguration(mode: .record), SQSBatchBuilder.batch(bodies: ["a", "b", "c"], fifo: true), 3),
            (DispatchConfiguration(mode: .event), SQSBatchBuilder.batch(bodies: ["a", "b"]), 1),
        ]
        for (configuration, event, calls) in cases {
            let invoker = BatchingInvoker { _ in .success(.result("done")) }
            _ = try await Dispatcher(configuration: configuration, invoker: invoker)
                .handle(event: event, logger: DispatchTestSupport.quietLogger)
            #expect(invoker.batches.isEmpty)
            #expect(invoker.singleCalls == calls)
        }
    }

    @Test("Positions a batch has not reported by the answer-by instant are failed as unfinished")
    func unfinishedPositionsAtTheAnswer() async throws {
        let invoker = BatchingInvoker(hang: [1, 3]) { _ in .success(.result("done")) }
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: .record),
            invoker: invoker,
            answerBy: .now + .milliseconds(300)
        )
        let output = try await dispatcher.handle(
            event: SQSBatchBuilder.batch(bodies: ["a", "b", "c", "d", "e"]),
            logger: DispatchTestSupport.quietLogger
        )
        #expect(try Self.failedIDs(output) == [SQSBatchBuilder.messageId(1), SQSBatchBuilder.messageId(3)])
    }
}

extension RecordingInvoker {
    /// The scripted outcome of `payload`, recorded like a call.
    func behaviourResult(_ payload: JSONValue) async -> Result<InvocationOutcome, InvocationFailure> {
        do {
            return .success(try await invoke(payload))
        } catch {
            return .failure(error)
        }
    }
}
