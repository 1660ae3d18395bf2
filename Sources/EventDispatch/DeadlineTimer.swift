/// Runs an action at an instant unless it is cancelled first: how ``RecordCollector`` stops waiting at the
/// invocation's answer-by instant.
///
/// The default, ``taskSleep``, is a task sleeping until the instant. Cancelling it resumes the task at once, but the
/// runtime's timer for the sleep stays allocated until the instant itself (~2 KB per cancelled sleep, for up to the
/// function's timeout): a warm record-mode invocation that finished early would pin that much for the rest of its
/// budget. The bridge passes a timer on its event loop instead, whose cancellation frees it (see
/// `DeadlineTimer.eventLoop` in Bridge).
package struct DeadlineTimer: Sendable {
    /// Schedules `action` at `deadline`; calling the returned closure cancels it (the action then never runs).
    package let schedule:
        @Sendable (_ deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) ->
            @Sendable () -> Void

    package init(
        schedule: @escaping @Sendable (ContinuousClock.Instant, @escaping @Sendable () -> Void) -> @Sendable () -> Void
    ) {
        self.schedule = schedule
    }

    /// A task that sleeps until the instant (no event loop needed; see the type's note on memory).
    package static let taskSleep = DeadlineTimer { deadline, action in
        let task = Task {
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return
            }
            action()
        }
        return { task.cancel() }
    }
}
