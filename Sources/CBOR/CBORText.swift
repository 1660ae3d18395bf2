import Primitives

/// Text forms the CBOR → JSON bridge produces: RFC 3339 timestamps, dates and decimal fractions (base64 and UUIDs
/// come from `Primitives`).
enum CBORText {
    /// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of Python's `datetime`.
    static let earliestSecond: Int64 = -62_135_596_800
    static let latestSecond: Int64 = 253_402_300_799

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` for epoch seconds plus microseconds, or `nil` outside years 1–9999.
    static func timestamp(seconds: Int64, microseconds: Int64) -> String? {
        guard seconds >= earliestSecond, seconds <= latestSecond else { return nil }
        let time = CivilDateTime(secondsSinceEpoch: seconds)
        var text = time.extendedDate + "T" + time.extendedTime
        if microseconds != 0 { text += "." + CivilDateTime.zeroPadded(microseconds, width: 6) }
        return text + "Z"
    }

    /// Epoch seconds as a double, split the way Python's `datetime.fromtimestamp` does it (truncate, then round
    /// the fraction to microseconds half-to-even); `nil` when not finite or out of range.
    static func timestamp(seconds value: Double) -> String? {
        guard value.isFinite, value > Double(earliestSecond) - 1, value < Double(latestSecond) + 1 else { return nil }
        let whole = value.rounded(.towardZero)
        var microseconds = ((value - whole) * 1_000_000).rounded(.toNearestOrEven)
        var seconds = Int64(whole)
        if microseconds >= 1_000_000 {
            microseconds -= 1_000_000
            seconds += 1
        } else if microseconds < 0 {
            microseconds += 1_000_000
            seconds -= 1
        }
        return timestamp(seconds: seconds, microseconds: Int64(microseconds))
    }

    /// `YYYY-MM-DD` for days since 1970-01-01, or `nil` outside years 1–9999 (civil-from-days, proleptic
    /// Gregorian calendar).
    static func date(daysSinceEpoch days: Int64) -> String? {
        guard days >= -719_162, days <= 2_932_896 else { return nil }
        return CivilDateTime(daysSinceEpoch: days).extendedDate
    }

    /// JSON number text for a decimal fraction `mantissa × 10^exponent` (tag 4). Always a non-integer literal so
    /// it stays a float: `[-2, 27315]` → `273.15`, `[0, 5]` → `5.0`, `[3, 5]` → `5e3`. Exponents below −64 use
    /// exponent notation (`5e-100`) to keep the text short.
    static func decimalFraction(negative: Bool, digits: String, exponent: Int64) -> String {
        let sign = negative ? "-" : ""
        if exponent == 0 { return sign + digits + ".0" }
        if exponent > 0 || exponent < -64 { return sign + digits + "e" + String(exponent) }
        let fractionLength = Int(-exponent)
        if digits.count > fractionLength {
            let split = digits.index(digits.endIndex, offsetBy: -fractionLength)
            return sign + digits[..<split] + "." + digits[split...]
        }
        return sign + "0." + String(repeating: "0", count: fractionLength - digits.count) + digits
    }
}
