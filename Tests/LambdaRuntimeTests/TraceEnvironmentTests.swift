#if canImport(Glibc)
import Foundation
import Glibc
import LambdaRuntime
import Testing

/// `_X_AMZN_TRACE_ID` is set per invocation with a new value each time: the environment must not keep every old
/// value (glibc's `setenv` does, which `make soak` showed as ~110 bytes of anonymous memory per invocation).
@Suite("Process trace environment", .serialized)
struct TraceEnvironmentTests {
    @Test func theVariableFollowsEachUpdate() {
        let environment = ProcessTraceEnvironment()
        environment.update("Root=1-00000001-abc;Sampled=0")
        #expect(String(cString: getenv(ProcessTraceEnvironment.variable)) == "Root=1-00000001-abc;Sampled=0")
        environment.update("Root=1-00000002-def;Sampled=1")
        #expect(String(cString: getenv(ProcessTraceEnvironment.variable)) == "Root=1-00000002-def;Sampled=1")
        environment.update(nil)
        #expect(getenv(ProcessTraceEnvironment.variable) == nil)
    }

    /// 50,000 distinct values grow anonymous memory by ~7 MB with `setenv`. Other tests allocate concurrently in
    /// this process, so the smallest growth of three rounds is compared with a fifth of that.
    @Test func distinctValuesDoNotAccumulateInMemory() throws {
        let environment = ProcessTraceEnvironment()
        var growths: [Int] = []
        for round in 0..<3 {
            let before = try Self.anonymousBytes()
            for index in 0..<50_000 {
                environment.update(
                    "Root=1-\(round)-\(index)-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
                )
            }
            growths.append(try Self.anonymousBytes() - before)
        }
        environment.update(nil)
        #expect(growths.min()! < 1_400_000, "anonymous memory growth per round: \(growths) bytes")
    }

    /// `RssAnon` of this process, in bytes.
    static func anonymousBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(separator: " ")[1])) * 1024
    }
}
#endif
