import EventDispatch
import JSON
import TestSupport
import Testing

@Suite("FIFO ordering rule and the concurrency limit")
struct OrderingAndConcurrencyTests {
    private let record = DispatchConfiguration(mode: .record)

    @Test("FIFO: the first failure and every later message are reported; later ones are not sent")
    func fifoStopsAtFirstFailure() async throws {
        let invoker = RecordingInvoker { payload in
            payload["bodyJSON"]?["seq"] == 2 ? .failure(DispatchTestSupport.remoteError) : .success(.result(nil))
        }
        let response = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture("sqs-fifo.json"),
            configuration: record,
            invoker: invoker
        ).get()
        #expect(invoker.payloads.map { $0["bodyJSON"]?["seq"] } == [1, 2])
        #expect(
            response == [
                "batchItemFailures": [
                    ["itemIdentifier": "22f2c2a6-6f07-4c0b-9d0b-6b0b1b9a0c02"],
                    ["itemIdentifier": "33f3c3a6-6f07-4c0b-9d0b-6b0b1b9a0c03"],
                    ["itemIdentifier": "44f4c4a6-6f07-4c0b-9d0b-6b0b1b9a0c04"],
                ]
            ]
        )
    }

    @Test("FIFO: all succeed → empty list; calls run one at a time in record order")
    func fifoInOrder() async throws {
        let bodies = (0..<12).map { "job \($0)" }
        let invoker = RecordingInvoker { _ in
            await Task.yield()
            return .success(.result(nil))
        }
        let response = try await DispatchTestSupport.run(
            SQSBatchBuilder.batch(bodies: bodies, fifo: true),
            configuration: DispatchConfiguration(mode: .record, concurrency: 8),
            invoker: invoker
        ).get()
        #expect(response == ["batchItemFailures": []])
        #expect(invoker.payloads.compactMap { $0["body"]?.stringValue } == bodies)
        #expect(invoker.maxInFlight == 1)
    }

    @Test("FIFO: a malformed message also stops the batch")
    func fifoMalformed() async throws {
        var value = try JSONValue(parsing: SQSBatchBuilder.batch(bodies: ["a", "b", "c"], fifo: true))
        guard case .object(var root) = value, case .array(var records) = root["Records"],
            case .object(var second) = records[1]
        else {
            Issue.record("unexpected builder output")
            return
        }
        second["body"] = 7
        records[1] = .object(second)
        root["Records"] = .array(records)
        value = .object(root)
        let invoker = RecordingInvoker()
        let response = try await DispatchTestSupport.run(value.serialized(), configuration: record, invoker: invoker)
            .get()
        #expect(invoker.payloads.count == 1)
        #expect(response == ["batchItemFailures": [["itemIdentifier": "msg-1"], ["itemIdentifier": "msg-2"]]])
    }

    @Test("standard queue: exactly `concurrency` calls overlap, never more", arguments: [1, 3, 10])
    func concurrencyLimit(limit: Int) async throws {
        let gate = Gate(target: limit)
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(60))
            await gate.force()
        }
        let invoker = RecordingInvoker { _ in
            await gate.arrive()
            return .success(.result(nil))
        }
        let response = try await DispatchTestSupport.run(
            SQSBatchBuilder.batch(bodies: (0..<25).map { "m\($0)" }),
            configuration: DispatchConfiguration(mode: .record, concurrency: limit),
            invoker: invoker
        ).get()
        watchdog.cancel()
        #expect(response == ["batchItemFailures": []])
        #expect(invoker.payloads.count == 25)
        #expect(invoker.maxInFlight == limit)
        #expect(await gate.forced == false, "\(limit) calls never ran at the same time")
    }

    @Test("a concurrency below 1 counts as 1")
    func concurrencyFloor() async throws {
        let invoker = RecordingInvoker()
        _ = try await DispatchTestSupport.run(
            SQSBatchBuilder.batch(bodies: ["a", "b", "c"]),
            configuration: DispatchConfiguration(mode: .record, concurrency: 0),
            invoker: invoker
        ).get()
        #expect(invoker.payloads.count == 3)
        #expect(invoker.maxInFlight == 1)
    }
}
