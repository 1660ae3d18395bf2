import Logging
import Synchronization

/// The state one logical operation (a `spawn` or a `remote`) shares across its RPCs: the instant by which every RPC
/// must have ended, the caller's logger, and the single credential refresh it may spend after UNAUTHENTICATED.
final class ModalCallContext: Sendable {
    /// No RPC of the operation may run past this instant (the caller's deadline minus the margins).
    let deadline: ContinuousClock.Instant
    let logger: Logger
    private let refresh: RefreshBudget

    private final class RefreshBudget: Sendable {
        let used = Mutex(false)
    }

    init(deadline: ContinuousClock.Instant, logger: Logger) {
        self.deadline = deadline
        self.logger = logger
        self.refresh = RefreshBudget()
    }

    private init(deadline: ContinuousClock.Instant, logger: Logger, refresh: RefreshBudget) {
        self.deadline = deadline
        self.logger = logger
        self.refresh = refresh
    }

    /// The same operation with an earlier deadline (e.g. the 15 s cap of an auth token fetch).
    func limited(to instant: ContinuousClock.Instant) -> ModalCallContext {
        ModalCallContext(deadline: min(deadline, instant), logger: logger, refresh: refresh)
    }

    /// True exactly once per operation: whether this caller may refresh the credentials and retry.
    func claimCredentialRefresh() -> Bool {
        refresh.used.withLock { used in
            if used { return false }
            used = true
            return true
        }
    }

    /// Time left before ``deadline`` (negative when it has passed).
    var remaining: Duration { deadline - .now }
}
