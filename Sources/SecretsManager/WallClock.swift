#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The UTC wall clock SigV4 needs (`X-Amz-Date`), in whole seconds since the Unix epoch. Injected into the client
/// so tests can sign at a fixed time; deadlines use `ContinuousClock` instead.
package enum WallClock {
    /// The system's real-time clock.
    @Sendable package static func secondsSinceEpoch() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }
}
