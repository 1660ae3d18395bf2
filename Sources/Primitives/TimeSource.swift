#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the code reads the time: the wall clock (UTC, for SigV4's signing date, Lambda's deadline header, log
/// timestamps, Modal's `requested_at` and JWT expiry) and the monotonic clock (deadlines, TTLs, backoff). One value
/// carries both so a test can fix or advance them together; production code uses `.system` and never calls
/// `clock_gettime` or `Date()` itself.
package struct TimeSource: Sendable {
    private let wallMicroseconds: @Sendable () -> Int64
    private let monotonic: @Sendable () -> ContinuousClock.Instant

    /// A source from its two readings: microseconds since the Unix epoch, and the monotonic instant.
    package init(
        epochMicroseconds: @escaping @Sendable () -> Int64,
        instant: @escaping @Sendable () -> ContinuousClock.Instant
    ) {
        self.wallMicroseconds = epochMicroseconds
        self.monotonic = instant
    }

    /// The system's clocks: `CLOCK_REALTIME` and `ContinuousClock`.
    package static let system = TimeSource(
        epochMicroseconds: {
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
        },
        instant: { ContinuousClock.now }
    )

    /// Microseconds since 1970-01-01T00:00:00Z.
    package func epochMicroseconds() -> Int64 { wallMicroseconds() }

    /// Milliseconds since the epoch (rounded down).
    package func epochMilliseconds() -> Int64 { CivilDateTime.floorDivide(wallMicroseconds(), 1_000) }

    /// Whole seconds since the epoch (rounded down).
    package func epochSeconds() -> Int64 { CivilDateTime.floorDivide(wallMicroseconds(), 1_000_000) }

    /// Seconds since the epoch with a fraction (what Python's `time.time()` gives).
    package func epochSecondsWithFraction() -> Double { Double(wallMicroseconds()) / 1_000_000 }

    /// The monotonic clock's current instant.
    package func now() -> ContinuousClock.Instant { monotonic() }
}
