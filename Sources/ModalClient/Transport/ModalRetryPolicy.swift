/// The gRPC-level retry schedule all official Modal clients share: retry UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED,
/// INTERNAL, UNKNOWN and transport failures `maxRetries` times, waiting `initialDelay × multiplier^(n−1)` (capped at
/// `maxDelay`, no jitter) before retry *n*.
package struct ModalRetryPolicy: Sendable, Hashable {
    package var maxRetries: Int
    package var initialDelay: Duration
    package var multiplier: Double
    package var maxDelay: Duration

    package init(
        maxRetries: Int = 3,
        initialDelay: Duration = .milliseconds(100),
        multiplier: Double = 2,
        maxDelay: Duration = .seconds(1)
    ) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
    }

    /// 3 retries at 100 ms, 200 ms, 400 ms (cap 1 s).
    package static let standard = ModalRetryPolicy()

    /// The wait before retry `retry` (1-based), or `nil` when the retries are used up.
    package func delay(beforeRetry retry: Int) -> Duration? {
        guard retry >= 1, retry <= maxRetries else { return nil }
        var delay = initialDelay
        for _ in 1..<retry {
            delay = delay * multiplier
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }

    /// Every wait of the schedule, in order.
    package var delays: [Duration] {
        (1...max(1, maxRetries)).compactMap { delay(beforeRetry: $0) }
    }
}
