/// A UTC date and time of the proleptic Gregorian calendar, to whole seconds, converted from and to seconds since
/// the Unix epoch without Foundation (Howard Hinnant's `civil_from_days` / `days_from_civil`). The formats built on
/// it (RFC 3339 log timestamps, CBOR's tag 0/1/1004 text, SigV4's `X-Amz-Date`) add their own fraction and range.
package struct CivilDateTime: Sendable, Hashable {
    package var year: Int64
    package var month: Int64
    package var day: Int64
    package var hour: Int64
    package var minute: Int64
    package var second: Int64

    /// The date and time `seconds` after 1970-01-01T00:00:00Z (negative before it).
    package init(secondsSinceEpoch seconds: Int64) {
        let days = Self.floorDivide(seconds, 86_400)
        self.init(daysSinceEpoch: days)
        let secondOfDay = seconds - days * 86_400
        hour = secondOfDay / 3_600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
    }

    /// Midnight of the day `days` after 1970-01-01.
    package init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = 0
        minute = 0
        second = 0
    }

    /// A date and time from its fields, not validated: out-of-range fields carry over (day 31 of February is
    /// 2 or 3 March), as the arithmetic of `secondsSinceEpoch` does.
    package init(year: Int64, month: Int64, day: Int64, hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Days since 1970-01-01 of the date part.
    package var daysSinceEpoch: Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    package var secondsSinceEpoch: Int64 { daysSinceEpoch * 86_400 + hour * 3_600 + minute * 60 + second }

    /// `YYYY-MM-DD` (RFC 3339 `full-date`).
    package var extendedDate: String {
        Self.zeroPadded(year, width: 4) + "-" + Self.zeroPadded(month, width: 2) + "-" + Self.zeroPadded(day, width: 2)
    }

    /// `HH:MM:SS` (RFC 3339 `partial-time` without a fraction).
    package var extendedTime: String {
        Self.zeroPadded(hour, width: 2) + ":" + Self.zeroPadded(minute, width: 2) + ":"
            + Self.zeroPadded(second, width: 2)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` (ISO 8601 basic format, SigV4's `X-Amz-Date`).
    package var basicDateTime: String {
        Self.zeroPadded(year, width: 4) + Self.zeroPadded(month, width: 2) + Self.zeroPadded(day, width: 2) + "T"
            + Self.zeroPadded(hour, width: 2) + Self.zeroPadded(minute, width: 2) + Self.zeroPadded(second, width: 2)
            + "Z"
    }

    /// Division rounding toward negative infinity (`b` > 0).
    package static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// `value` in decimal, left-padded with zeros to `width` digits (a minus sign counts as a digit).
    package static func zeroPadded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
