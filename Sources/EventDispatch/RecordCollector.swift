import Synchronization

/// Collects the outcomes of a record batch's calls and lets the dispatcher stop waiting at its answer-by instant.
///
/// A task group waits for every child before it returns, and 1,000 calls that time out together still need their
/// teardown (cancelled streams, `FunctionCallCancel`) before the group ends: on a loaded machine that took longer
/// than the margin Lambda leaves. The calls therefore run in a task of their own that reports here; the dispatcher
/// waits for ``wait(until:)`` and answers with what has arrived, the rest reported as not completed. Calls still
/// running end by their own deadline (and cancel their Modal call) after the answer is posted.
final class RecordCollector: Sendable {
    typealias Outcome = Result<InvocationOutcome, InvocationFailure>

    private struct State {
        var outcomes: [[Outcome?]]
        var pending: Int
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    /// One row per group, `slots[group]` calls in it; `calls` of them will report.
    init(slots: [Int], calls: Int) {
        state = Mutex(State(outcomes: slots.map { Array(repeating: nil, count: $0) }, pending: calls))
        if calls == 0 { close() }
    }

    /// A call's outcome; ignored once the collector is closed (the answer was already built).
    func record(group: Int, slot: Int, _ outcome: Outcome) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            state.outcomes[group][slot] = outcome
            state.pending -= 1
            return state.pending == 0 ? Self.closeLocked(&state) : nil
        }
        waiter?.resume()
    }

    /// Whether the answer was built (no new call should start).
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Stops collecting: later outcomes are ignored and a waiter is released.
    func close() {
        state.withLock { Self.closeLocked(&$0) }?.resume()
    }

    /// Waits until every call reported or `deadline` passed (never, when nil), then closes the collector and
    /// returns the outcomes (nil where a call had not finished). `timer` runs the deadline; it is cancelled (and,
    /// with an event-loop timer, freed) when the calls finish first.
    func wait(until deadline: ContinuousClock.Instant?, timer: DeadlineTimer) async -> [[Outcome?]] {
        let cancelTimer = deadline.map { deadline in
            timer.schedule(deadline) { [weak self] in self?.close() }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.closed { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        cancelTimer?()
        return state.withLock { $0.outcomes }
    }

    private static func closeLocked(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        state.closed = true
        defer { state.waiter = nil }
        return state.waiter
    }
}
