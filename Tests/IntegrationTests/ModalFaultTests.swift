import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Modal-side faults against the real `bootstrap`: moto holds the token, the Modal test server (often behind a
/// ``FaultProxy``) plays Modal, the local Runtime API plays Lambda. Outcomes are asserted (errorType, no record
/// lost, the process survives); times only as orderings against the invocation deadline.
@Suite(.bridgeEnvironment, .serialized) struct ModalFaultTests {
    private func environment() throws -> BridgeEnvironment {
        try #require(BridgeEnvironment.current)
    }

    // MARK: §1.5 frozen sandbox

    @Test func aThawedSandboxReplacesItsDeadConnectionBeforeTheCall() async throws {
        let environment = try environment()
        let proxy = try FaultProxy(upstream: environment.modal.serverURL)
        defer { proxy.stop() }
        // A 2 s idle rule and a 3 s stop keep the test short; the default (10 s) and a 40 s freeze take the same path.
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "remote",
                extra: ["MODAL_SERVER_URL": proxy.url, "MODAL_RECONNECT_AFTER_IDLE": "2"]
            ),
            timeoutMilliseconds: 5_000
        )
        let warm = await FaultRun.invoke(runtime, #"{"k":"warm"}"#, timeoutMilliseconds: 5_000)
        #expect(warm.isResponse, "warm-up: \(warm.result)")
        let connectionsBefore = proxy.acceptedConnections

        // The NAT forgets the connection while the sandbox is frozen; new connections still work.
        proxy.setMode(.forward, existing: .silentlyDead)
        kill(runtime.process.pid, SIGSTOP)
        try await Task.sleep(for: .seconds(3))
        kill(runtime.process.pid, SIGCONT)

        let thawed = await FaultRun.invoke(runtime, #"{"k":"thawed"}"#, timeoutMilliseconds: 5_000)
        #expect(thawed.isResponse, "after the thaw: \(thawed.result)")
        #expect(thawed.margin >= .seconds(1), "answered \(thawed.margin) before the deadline")
        #expect(proxy.acceptedConnections > connectionsBefore, "the call must run on a fresh connection")
        await FaultRun.stop(runtime, environment)
    }

    // MARK: §1.4 margin

    @Test func spawnToANeverAnsweringServerPostsItsErrorAtLeastOneSecondBeforeTheDeadline() async throws {
        let environment = try environment()
        let proxy = try FaultProxy(upstream: environment.modal.serverURL, mode: .neverAnswer)
        defer { proxy.stop() }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "spawn", extra: ["MODAL_SERVER_URL": proxy.url]),
            timeoutMilliseconds: 5_000
        )
        for attempt in 1...2 {
            let run = await FaultRun.invoke(runtime, #"{"k":"v"}"#, timeoutMilliseconds: 5_000)
            #expect(run.errorType == "Modal.Timeout", "attempt \(attempt): \(run.result)")
            #expect(run.margin >= .seconds(1), "attempt \(attempt): posted \(run.margin) before the deadline")
        }
        #expect(FaultRun.isAlive(runtime.process.pid))
        await FaultRun.stop(runtime, environment)
    }

    // MARK: §1.6 mass cancellation

    /// `unary`: 1,000 concurrent FunctionMap + FunctionGetOutputs RPCs cancelled at once (the transport assertion
    /// below); `map`: one map call of 1,000 inputs (21 FunctionPutInputs) whose inputs all time out, then one
    /// FunctionCallCancel.
    @Test(arguments: ["unary", "map"])
    func aThousandCancelledRecordsAreAllReportedAndTheProcessSurvives(batch: String) async throws {
        let environment = try environment()
        // Its own server: 1,000 sleeping calls would occupy the shared server's function threads.
        let modal = try await ModalTestServer.start(
            tokenID: environment.modal.tokenID,
            tokenSecret: environment.modal.tokenSecret
        )
        var lambda = environment.lambdaEnvironment(
            function: "slow",
            pattern: "remote",
            mode: "record",
            extra: [
                "MODAL_SERVER_URL": modal.serverURL, "MODAL_BRIDGE_CONCURRENCY": "1000", "MODAL_BRIDGE_BATCH": batch,
            ]
        )
        lambda["AWS_LAMBDA_LOG_LEVEL"] = "ERROR"
        let runtime = try await environment.runtime(lambda, timeoutMilliseconds: 8_000)
        let ids = (0..<1_000).map { "m-\($0)" }
        let run = await FaultRun.invoke(runtime, FaultRun.sqsBatch(ids, body: #"{"seconds": 9}"#), 8_000)
        guard case .response(let body) = run.result else {
            Issue.record("expected a partial batch response: \(run.result)")
            await FaultRun.stop(runtime, environment)
            await modal.stop()
            return
        }
        let reported = try JSONValue(parsing: body)["batchItemFailures"]?.arrayValue?.compactMap {
            $0["itemIdentifier"]?.stringValue
        }
        #expect(Set(reported ?? []) == Set(ids), "every record must be reported failed, none lost")
        // The dispatcher answers at the budget limit and leaves the 1,000 cancellations to finish afterwards.
        #expect(run.margin >= .seconds(1), "posted \(run.margin) before the deadline")
        #expect(FaultRun.isAlive(runtime.process.pid), "the bootstrap must survive the mass cancellation")

        // The server's function threads finish their 9 s sleeps; the next invocation must work on the same process.
        let next = await FaultRun.invoke(runtime, FaultRun.sqsBatch(["after"], body: #"{"seconds": 0}"#), 20_000)
        if case .response(let body) = next.result {
            #expect(try JSONValue(parsing: body) == ["batchItemFailures": []])
        } else {
            Issue.record("the next invocation failed: \(next.result)")
        }
        await FaultRun.stop(runtime, environment)
        await modal.stop()
    }

    // MARK: Modal status faults

    @Test(
        arguments: [
            ("UNAVAILABLE", 2, nil), ("UNAVAILABLE", 10, "Modal.Unavailable"),
            ("RESOURCE_EXHAUSTED", 1, "Modal.ResourceExhausted"), ("INTERNAL", 10, "Modal.Unavailable"),
        ] as [(String, Int, String?)]
    )
    func aModalStatusIsRetriedOrReportedWithItsType(code: String, count: Int, errorType: String?) async throws {
        let environment = try environment()
        try await environment.modal.addFault(code: code, count: count, methods: ["FunctionMap"])
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "remote"),
            timeoutMilliseconds: 10_000
        )
        let run = await FaultRun.invoke(runtime, #"{"k":"v"}"#, timeoutMilliseconds: 10_000)
        try await environment.modal.clearFaults()
        if let errorType {
            #expect(run.errorType == errorType, "\(code) ×\(count): \(run.result)")
        } else {
            #expect(run.isResponse, "\(code) ×\(count) must be retried: \(run.result)")
        }
        #expect(run.margin >= .seconds(1), "\(code): answered \(run.margin) before the deadline")
        await FaultRun.stop(runtime, environment)
    }

    @Test func aRefusedRecordIsReportedAndTheOthersGoThrough() async throws {
        let environment = try environment()
        try await environment.modal.addFault(code: "RESOURCE_EXHAUSTED", count: 1, methods: ["FunctionMap"])
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "spawn", mode: "record"),
            timeoutMilliseconds: 10_000
        )
        let ids = ["r-1", "r-2", "r-3"]
        let run = await FaultRun.invoke(runtime, FaultRun.sqsBatch(ids, body: "{}"), 10_000)
        try await environment.modal.clearFaults()
        guard case .response(let body) = run.result else {
            Issue.record("expected a partial batch response: \(run.result)")
            await FaultRun.stop(runtime, environment)
            return
        }
        let failed = try JSONValue(parsing: body)["batchItemFailures"]?.arrayValue ?? []
        #expect(failed.count == 1, "exactly the refused record: \(failed)")
        #expect(failed.allSatisfy { ids.contains($0["itemIdentifier"]?.stringValue ?? "") })
        await FaultRun.stop(runtime, environment)
    }

    @Test func internalFailureOutputsAreRetriedUntilTheyPass() async throws {
        let environment = try environment()
        let before = try await environment.modal.records(of: "FunctionRetryInputs").count
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "flaky", pattern: "remote"),
            timeoutMilliseconds: 10_000
        )
        let run = await FaultRun.invoke(runtime, #"{"failures": 2}"#, timeoutMilliseconds: 10_000)
        #expect(run.isResponse, "\(run.result)")
        #expect(try await environment.modal.records(of: "FunctionRetryInputs").count - before == 2)
        await FaultRun.stop(runtime, environment)
    }

    // MARK: connection faults during remote and spawn

    @Test func aModalServerKilledMidRemoteIsUnavailableAndARestartedOneServesTheNextCall() async throws {
        let environment = try environment()
        let first = try await ModalTestServer.start(
            tokenID: environment.modal.tokenID,
            tokenSecret: environment.modal.tokenSecret
        )
        let proxy = try FaultProxy(upstream: first.serverURL)
        defer { proxy.stop() }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "slow", pattern: "remote", extra: ["MODAL_SERVER_URL": proxy.url]),
            timeoutMilliseconds: 8_000
        )
        async let killed = FaultRun.invoke(runtime, #"{"seconds": 4}"#, timeoutMilliseconds: 8_000)
        try await Task.sleep(for: .seconds(1.5))
        await first.stop(grace: 0)
        let run = await killed
        #expect(run.errorType == "Modal.Unavailable", "\(run.result)")
        #expect(run.margin >= .seconds(1), "answered \(run.margin) before the deadline")

        let second = try await ModalTestServer.start(
            tokenID: environment.modal.tokenID,
            tokenSecret: environment.modal.tokenSecret
        )
        try proxy.setUpstream(second.serverURL)
        let next = await FaultRun.invoke(runtime, #"{"seconds": 0}"#, timeoutMilliseconds: 8_000)
        #expect(next.isResponse, "after the restart: \(next.result)")
        await FaultRun.stop(runtime, environment)
        await second.stop()
    }

    @Test func aResetDuringRemoteIsRetriedOnANewConnection() async throws {
        let environment = try environment()
        let proxy = try FaultProxy(upstream: environment.modal.serverURL)
        defer { proxy.stop() }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "slow", pattern: "remote", extra: ["MODAL_SERVER_URL": proxy.url]),
            timeoutMilliseconds: 10_000
        )
        async let call = FaultRun.invoke(runtime, #"{"seconds": 2}"#, timeoutMilliseconds: 10_000)
        try await Task.sleep(for: .seconds(0.8))
        proxy.setMode(.reset)
        proxy.setMode(.forward)
        let run = await call
        #expect(run.isResponse, "\(run.result)")
        #expect(run.margin >= .seconds(1), "answered \(run.margin) before the deadline")
        await FaultRun.stop(runtime, environment)
    }

    @Test func aServerThatStopsAnsweringDuringRemoteEndsInATimeoutBeforeTheDeadline() async throws {
        let environment = try environment()
        let proxy = try FaultProxy(upstream: environment.modal.serverURL)
        defer { proxy.stop() }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "slow", pattern: "remote", extra: ["MODAL_SERVER_URL": proxy.url]),
            timeoutMilliseconds: 6_000
        )
        async let call = FaultRun.invoke(runtime, #"{"seconds": 2}"#, timeoutMilliseconds: 6_000)
        try await Task.sleep(for: .seconds(0.8))
        proxy.setMode(.neverAnswer)
        let run = await call
        #expect(run.errorType == "Modal.Timeout", "\(run.result)")
        #expect(run.margin >= .seconds(1), "answered \(run.margin) before the deadline")
        await FaultRun.stop(runtime, environment)
    }

    @Test func aSilentlyDeadConnectionDuringSpawnEndsInATimeoutAndTheNextCallWorks() async throws {
        let environment = try environment()
        let proxy = try FaultProxy(upstream: environment.modal.serverURL)
        defer { proxy.stop() }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "spawn", extra: ["MODAL_SERVER_URL": proxy.url]),
            timeoutMilliseconds: 5_000
        )
        #expect(await FaultRun.invoke(runtime, #"{"k":"warm"}"#, timeoutMilliseconds: 5_000).isResponse)
        proxy.setMode(.silentlyDead)
        let dead = await FaultRun.invoke(runtime, #"{"k":"dead"}"#, timeoutMilliseconds: 5_000)
        #expect(dead.errorType == "Modal.Timeout", "\(dead.result)")
        #expect(dead.margin >= .seconds(1), "answered \(dead.margin) before the deadline")
        proxy.setMode(.forward, existing: .reset)
        let next = await FaultRun.invoke(runtime, #"{"k":"next"}"#, timeoutMilliseconds: 5_000)
        #expect(next.isResponse, "after the network came back: \(next.result)")
        await FaultRun.stop(runtime, environment)
    }

    @Test func aSandboxStoppedMidRemoteFinishesTheCallAfterSIGCONT() async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "slow", pattern: "remote"),
            timeoutMilliseconds: 10_000
        )
        async let call = FaultRun.invoke(runtime, #"{"seconds": 1}"#, timeoutMilliseconds: 10_000)
        try await Task.sleep(for: .seconds(0.5))
        kill(runtime.process.pid, SIGSTOP)
        try await Task.sleep(for: .seconds(2))
        kill(runtime.process.pid, SIGCONT)
        let run = await call
        #expect(run.isResponse, "\(run.result)")
        #expect(run.margin >= .seconds(1), "answered \(run.margin) before the deadline")
        await FaultRun.stop(runtime, environment)
    }
}

/// One invocation with its result and how long before the deadline the result reached the Runtime API.
struct FaultRun {
    var result: InvocationResult
    /// Deadline minus arrival, measured conservatively: the deadline is taken as enqueue time + timeout (the server
    /// stamps it later, when `/next` answers) and the arrival as the moment `invoke` returned (after the server got
    /// the post). The server-side margin is at least this.
    var margin: Duration

    var isResponse: Bool {
        if case .response = result { return true }
        return false
    }

    var errorType: String? {
        if case .error(_, let type) = result { return type }
        return nil
    }

    static func invoke(
        _ runtime: BridgeEnvironment.Runtime,
        _ event: String,
        timeoutMilliseconds: Int64
    ) async
        -> FaultRun
    {
        await invoke(runtime, Array(event.utf8), timeoutMilliseconds)
    }

    static func invoke(
        _ runtime: BridgeEnvironment.Runtime,
        _ event: [UInt8],
        _ timeoutMilliseconds: Int64
    ) async
        -> FaultRun
    {
        runtime.server.updateBehavior { $0.timeoutMilliseconds = timeoutMilliseconds }
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        let result = await withTaskGroup(of: InvocationResult?.self) { group in
            group.addTask { await runtime.invoke(event) }
            group.addTask {
                // A crashed or hung bootstrap never answers: give up 10 s after the deadline.
                let giveUp = deadline + .seconds(10)
                while !Task.isCancelled, isAlive(runtime.process.pid), ContinuousClock.now < giveUp {
                    try? await Task.sleep(for: .milliseconds(50))
                }
                guard !Task.isCancelled else { return nil }
                try? await Task.sleep(for: .milliseconds(300))
                runtime.server.abandonAll(
                    isAlive(runtime.process.pid) ? "no answer 10 s after the deadline" : "the bootstrap exited"
                )
                return nil
            }
            var first: InvocationResult?
            for await value in group where value != nil && first == nil {
                first = value
                group.cancelAll()
            }
            return first ?? .abandoned("no result")
        }
        return FaultRun(result: result, margin: deadline - .now)
    }

    /// An SQS batch with one record per id, every body `body`.
    static func sqsBatch(_ ids: [String], body: String) -> [UInt8] {
        let records: [JSONValue] = ids.map { id in
            [
                "messageId": .string(id), "receiptHandle": "rh", "body": .string(body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "x", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:jobs", "awsRegion": "us-east-1",
            ]
        }
        return JSONValue.object(JSONObject([("Records", .array(records))])).serialized()
    }

    /// Whether `pid` runs: neither gone nor a zombie (a crashed child may stay unreaped for a while, and then
    /// Foundation's `isRunning` still says true and `waitUntilExit` blocks).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first ?? ""
        return state != "Z" && state != "X"
    }

    /// Stops the bootstrap and checks that no secret reached its output.
    static func stop(_ runtime: BridgeEnvironment.Runtime, _ environment: BridgeEnvironment) async {
        guard isAlive(runtime.process.pid) else {
            // Crashed: its output is what it wrote so far; waiting for Foundation to reap it could block.
            Issue.record("the bootstrap died:\n\(runtime.process.stderr.suffix(3_000))")
            await runtime.server.shutdown()
            return
        }
        let output = await runtime.stop()
        for secret in environment.secrets {
            #expect(!output.contains(secret), "a secret reached the logs")
        }
    }
}
