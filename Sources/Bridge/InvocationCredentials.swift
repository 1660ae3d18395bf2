import Logging
import ModalClient
import Synchronization

/// The Modal token of one invocation: read at most once per invocation (however many Modal RPCs and records it
/// has), bounded by the invocation's budget, and logged with its request id. ``BridgeHandler`` binds one to
/// ``current`` around the dispatch; ``TokenProviderSource`` reads it from inside the Modal client's calls.
final class InvocationCredentials: Sendable {
    @TaskLocal static var current: InvocationCredentials?

    /// No Secrets Manager call of this invocation may run past this instant (``InvocationBudget/limit``).
    let limit: ContinuousClock.Instant
    /// The invocation's logger (carries `aws-request-id`).
    let logger: Logger
    private let token = Mutex<ModalTokenPair?>(nil)

    init(limit: ContinuousClock.Instant, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The token this invocation uses: the one already read for it, else the provider's (cached per its TTL).
    func token(from provider: ModalTokenProvider) async throws(ModalTokenError) -> ModalTokenPair {
        if let known = token.withLock({ $0 }) { return known }
        let fresh = try await provider.token(deadline: limit, logger: logger)
        token.withLock { $0 = fresh }
        return fresh
    }

    /// Reads the secret again (Modal refused the token: it may have been rotated) and uses the new token for the
    /// rest of the invocation.
    func refreshed(from provider: ModalTokenProvider) async throws(ModalTokenError) -> ModalTokenPair {
        let fresh = try await provider.forceRefresh(deadline: limit, logger: logger)
        token.withLock { $0 = fresh }
        return fresh
    }
}
