/// The time one invocation's work may use: Lambda's deadline minus a safety margin kept back for reporting the
/// outcome. Every network step of an invocation (the Modal token from Secrets Manager, the Modal calls) ends by
/// ``limit``, so even a peer that never answers leaves at least the margin to post the response or a typed error.
///
/// The run loop makes one per invocation (``LambdaContext/budget``); lower layers receive ``limit`` as a plain
/// `ContinuousClock.Instant` deadline.
package struct InvocationBudget: Sendable, Hashable {
    /// 1 s promised before the deadline, plus 0.5 s to turn a failure into an error and post it on a loaded machine.
    package static let defaultSafetyMargin: Duration = .milliseconds(1500)

    /// When Lambda stops the invocation (monotonic clock).
    package var deadline: ContinuousClock.Instant
    /// The time kept back before ``deadline``.
    package var safetyMargin: Duration

    package init(deadline: ContinuousClock.Instant, safetyMargin: Duration = InvocationBudget.defaultSafetyMargin) {
        self.deadline = deadline
        self.safetyMargin = safetyMargin
    }

    /// The instant by which every network step of the invocation must have ended.
    package var limit: ContinuousClock.Instant { deadline - safetyMargin }

    /// Time left before ``limit`` (negative once it has passed).
    package var remaining: Duration { limit - ContinuousClock.now }

    /// Whether ``limit`` has passed.
    package var isExhausted: Bool { ContinuousClock.now >= limit }
}
