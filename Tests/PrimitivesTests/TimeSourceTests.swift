import Testing

@testable import Primitives

struct TimeSourceTests {
    @Test func derivedReadingsRoundDown() {
        let time = TimeSource(epochMicroseconds: { 1_730_566_291_587_999 }, instant: { ContinuousClock.now })
        #expect(time.epochMilliseconds() == 1_730_566_291_587)
        #expect(time.epochSeconds() == 1_730_566_291)
        #expect(time.epochSecondsWithFraction() == 1_730_566_291.587999)
        let before = TimeSource(epochMicroseconds: { -1 }, instant: { ContinuousClock.now })
        #expect(before.epochMilliseconds() == -1)
        #expect(before.epochSeconds() == -1)
    }

    /// The system source agrees with itself: wall readings in microseconds, milliseconds and seconds are ordered,
    /// and the monotonic clock does not go back.
    @Test func systemReadingsAreConsistent() {
        let time = TimeSource.system
        let micro = time.epochMicroseconds()
        let milli = time.epochMilliseconds()
        let seconds = time.epochSeconds()
        #expect(micro / 1_000 <= milli)
        #expect(milli / 1_000 <= seconds)
        #expect(seconds > 1_700_000_000, "after November 2023")
        let first = time.now()
        #expect(time.now() >= first)
    }
}
