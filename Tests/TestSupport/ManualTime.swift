package import Primitives
import Synchronization

/// A `TimeSource` that only moves when told: the wall clock starts at `epochMicroseconds`, the monotonic clock at
/// the real instant of creation, and `advance` moves both together.
package final class ManualTime: Sendable {
    private let state: Mutex<(epochMicroseconds: Int64, instant: ContinuousClock.Instant)>

    /// Starts at 2024-11-02T16:51:31Z unless told otherwise.
    package init(epochMicroseconds: Int64 = 1_730_566_291_000_000) {
        state = Mutex((epochMicroseconds, ContinuousClock.now))
    }

    /// The monotonic reading.
    package var now: ContinuousClock.Instant { state.withLock { $0.instant } }

    /// The wall reading in microseconds since the epoch.
    package var epochMicroseconds: Int64 { state.withLock { $0.epochMicroseconds } }

    /// Moves both clocks forward by `duration`.
    package func advance(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        state.withLock {
            $0.instant = $0.instant.advanced(by: duration)
            $0.epochMicroseconds += seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        }
    }

    /// The source to inject.
    package var source: TimeSource {
        TimeSource(epochMicroseconds: { self.epochMicroseconds }, instant: { self.now })
    }
}

extension TimeSource {
    /// The wall clock stopped at `epochSeconds` (for a fixed SigV4 signing date); the monotonic clock is the real
    /// one, so deadlines behave as in production.
    package static func wallClockStopped(atEpochSeconds epochSeconds: Int64) -> TimeSource {
        TimeSource(epochMicroseconds: { epochSeconds * 1_000_000 }, instant: { ContinuousClock.now })
    }
}
