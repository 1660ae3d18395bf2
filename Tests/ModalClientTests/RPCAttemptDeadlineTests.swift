import AsyncHTTPClient
import GRPCCore
import ModalClient
import Testing

/// `RPCAttemptDeadline`, the per-attempt time bound that replaced grpc-swift's `CallOptions.timeout` (whose sleeping
/// timer stayed allocated until the deadline after every finished RPC). Orderings only, no wall-clock bounds.
@Suite("RPC attempt deadline")
struct RPCAttemptDeadlineTests {
    struct Failure: Error, Equatable {}

    static let group = HTTPClient.shared.eventLoopGroup

    @Test func anAttemptThatFinishesInTimeReturnsItsValue() async throws {
        let value = try await RPCAttemptDeadline.run(within: .seconds(30), on: Self.group) { 42 }
        #expect(value == 42)
    }

    @Test func anAttemptThatRunsOutOfTimeIsCancelledWithDeadlineExceeded() async throws {
        let started = ContinuousClock.now
        let attempt = 20 * 60
        do {
            _ = try await RPCAttemptDeadline.run(within: .milliseconds(200), on: Self.group) {
                try await Task.sleep(for: .seconds(attempt))
                return 0
            }
            Issue.record("expected DEADLINE_EXCEEDED")
        } catch let error as RPCError {
            #expect(error.code == .deadlineExceeded)
        }
        #expect(ContinuousClock.now - started < .seconds(attempt), "the attempt must be cancelled, not awaited")
    }

    @Test func theAttemptsOwnErrorPassesThrough() async throws {
        await #expect(throws: Failure()) {
            try await RPCAttemptDeadline.run(within: .seconds(30), on: Self.group) { () async throws -> Int in
                throw Failure()
            }
        }
    }

    @Test func theCallersCancellationReachesTheAttempt() async throws {
        let caller = Task {
            try await RPCAttemptDeadline.run(within: .seconds(20 * 60), on: Self.group) {
                try await Task.sleep(for: .seconds(20 * 60))
                return 0
            }
        }
        caller.cancel()
        let result = await caller.result
        #expect(throws: CancellationError.self) { try result.get() }
    }
}
