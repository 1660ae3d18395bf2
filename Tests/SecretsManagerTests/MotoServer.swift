import TestSupport
import Testing

/// The suite's moto server (TestSupport's `MotoHarness`).
typealias MotoServer = MotoHarness

extension MotoHarness {
    @TaskLocal static var current: MotoHarness?
}

/// Starts one moto server around a suite and exposes it as `MotoServer.current`.
struct MotoServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await MotoServer.start()
        do {
            try await MotoServer.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == MotoServerTrait {
    /// One moto server for the suite.
    static var motoServer: Self { Self() }
}
