import Testing

@testable import Primitives

struct CivilDateTimeTests {
    /// Seconds since the epoch and the extended and basic forms (values from Python's `datetime`).
    @Test(arguments: [
        (Int64(0), "1970-01-01", "00:00:00", "19700101T000000Z"),
        (-1, "1969-12-31", "23:59:59", "19691231T235959Z"),
        (951_782_400, "2000-02-29", "00:00:00", "20000229T000000Z"),
        (1_440_938_160, "2015-08-30", "12:36:00", "20150830T123600Z"),
        (1_730_566_291, "2024-11-02", "16:51:31", "20241102T165131Z"),
        (4_107_542_399, "2100-02-28", "23:59:59", "21000228T235959Z"),
        (-62_135_596_800, "0001-01-01", "00:00:00", "00010101T000000Z"),
        (253_402_300_799, "9999-12-31", "23:59:59", "99991231T235959Z"),
        (-2_208_988_800, "1900-01-01", "00:00:00", "19000101T000000Z"),
    ])
    func fromSeconds(seconds: Int64, date: String, time: String, basic: String) {
        let value = CivilDateTime(secondsSinceEpoch: seconds)
        #expect(value.extendedDate == date)
        #expect(value.extendedTime == time)
        #expect(value.basicDateTime == basic)
        #expect(value.secondsSinceEpoch == seconds)
    }

    /// Every day from 1600 to 2400 converts both ways, and consecutive days follow the calendar.
    @Test func everyDayRoundTrips() {
        var previous = CivilDateTime(daysSinceEpoch: -135_140)
        #expect(previous.extendedDate == "1600-01-01")
        for days in Int64(-135_139)...157_000 {
            let date = CivilDateTime(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            if date.day != previous.day + 1 {
                #expect(date.day == 1)
                #expect(date.month == previous.month % 12 + 1)
            }
            previous = date
        }
    }

    @Test func fieldsCarryOver() {
        #expect(CivilDateTime(year: 2023, month: 2, day: 31).extendedDate == "2023-02-31")
        let normalized = CivilDateTime(
            secondsSinceEpoch: CivilDateTime(year: 2023, month: 2, day: 31).secondsSinceEpoch
        )
        #expect(normalized.extendedDate == "2023-03-03")
    }

    @Test(arguments: [
        (Int64(7), Int64(2), Int64(3)), (-7, 2, -4), (-8, 2, -4), (0, 5, 0), (-1, 86_400, -1), (86_400, 86_400, 1),
    ])
    func floorDivide(a: Int64, b: Int64, quotient: Int64) {
        #expect(CivilDateTime.floorDivide(a, b) == quotient)
    }

    @Test func zeroPadded() {
        #expect(CivilDateTime.zeroPadded(5, width: 4) == "0005")
        #expect(CivilDateTime.zeroPadded(12_345, width: 4) == "12345")
        #expect(CivilDateTime.zeroPadded(7, width: 1) == "7")
    }
}
