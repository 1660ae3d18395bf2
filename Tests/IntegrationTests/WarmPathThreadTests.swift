import Foundation
import RuntimeAPIServer
import TestSupport
import Testing

extension BridgeProcessTests {
    /// The threads of `pid` that ran (were switched to or from) between two snapshots, by thread id.
    private static func switchesPerThread(_ pid: Int32) -> [String: Int] {
        let tasks = "/proc/\(pid)/task"
        var result: [String: Int] = [:]
        for thread in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            guard let status = try? String(contentsOfFile: "\(tasks)/\(thread)/status", encoding: .utf8) else {
                continue
            }
            result[thread] = status.split(separator: "\n")
                .filter { $0.hasPrefix("voluntary_ctxt_switches:") || $0.hasPrefix("nonvoluntary_ctxt_switches:") }
                .compactMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
                .reduce(0, +)
        }
        return result
    }

    /// A warm invocation stays on one thread: NIO's one event loop is also Swift concurrency's global executor
    /// (ExecutorSetup), so the Runtime API client, the gRPC transport and the tasks never hand work to another
    /// thread. Counted as the threads that ran at all during 100 warm `remote` invocations; with
    /// `MODAL_BRIDGE_EXECUTOR=swift` (how every build ran before) the concurrency pool's threads and NIO's event
    /// loops all run for each invocation, which shows the count can tell the two apart.
    @Test(arguments: [("", 1...1), ("swift", 2...64)])
    func warmInvocationsRunOnOneThread(executor: String, expectedThreads: ClosedRange<Int>) async throws {
        let environment = try #require(BridgeEnvironment.current)
        var extra = ["AWS_LAMBDA_LOG_LEVEL": "WARN"]
        if !executor.isEmpty { extra["MODAL_BRIDGE_EXECUTOR"] = executor }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "remote", extra: extra)
        )
        let event = Array(#"{"order": 7}"#.utf8)
        for _ in 0..<20 {  // warm: connections, the token, the function lookup
            guard case .response(_) = await runtime.invoke(event) else {
                Issue.record("a warm-up invocation failed")
                await runtime.stop()
                return
            }
        }
        let before = Self.switchesPerThread(runtime.process.pid)
        for _ in 0..<100 {
            guard case .response(_) = await runtime.invoke(event) else {
                Issue.record("an invocation failed")
                await runtime.stop()
                return
            }
        }
        let after = Self.switchesPerThread(runtime.process.pid)
        let ran = after.filter { thread, switches in switches > before[thread, default: 0] }
        #expect(expectedThreads.contains(ran.count), "threads that ran: \(ran)")
        await runtime.stop()
    }
}
