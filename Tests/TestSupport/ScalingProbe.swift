/// Measures how a piece of work grows with its input, as a ratio of times rather than a wall-clock budget.
///
/// One round runs the work on a small and a large input (interleaved, `repeats` times each) and divides the fastest
/// large run by the fastest small run: the fastest run is the one least disturbed by other load on the machine.
/// Linear work on a 4× larger input gives about 4; quadratic work gives about 16. A round above `limit` is measured
/// again (up to `rounds` in all) and the lowest ratio is returned: load can make one round look slow, while a
/// quadratic path is slow every time.
package enum ScalingProbe {
    package static func ratio(
        limit: Double,
        rounds: Int = 3,
        repeats: Int = 5,
        small: () -> Void,
        large: () -> Void
    ) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds where best >= limit {
            best = min(best, ratio(repeats: repeats, small: small, large: large))
        }
        return best
    }

    private static func ratio(repeats: Int, small: () -> Void, large: () -> Void) -> Double {
        let clock = ContinuousClock()
        var fastestSmall = Duration.seconds(1_000_000)
        var fastestLarge = Duration.seconds(1_000_000)
        for _ in 0..<repeats {
            fastestSmall = min(fastestSmall, clock.measure(small))
            fastestLarge = min(fastestLarge, clock.measure(large))
        }
        return seconds(fastestLarge) / max(seconds(fastestSmall), 1e-9)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
