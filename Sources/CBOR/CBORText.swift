/// Text forms the CBOR → JSON bridge produces: base64, UUIDs, RFC 3339 timestamps, dates and decimal fractions.
enum CBORText {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Standard base64 (RFC 4648 §4) with `=` padding.
    static func base64(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var position = 0
        while position + 3 <= bytes.count {
            let group = UInt32(bytes[position]) << 16 | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2])
            for shift in [18, 12, 6, 0] as [UInt32] { output.append(base64Alphabet[Int(group >> shift & 0x3F)]) }
            position += 3
        }
        let rest = bytes.count - position
        if rest > 0 {
            var group = UInt32(bytes[position]) << 16
            if rest == 2 { group |= UInt32(bytes[position + 1]) << 8 }
            output.append(base64Alphabet[Int(group >> 18 & 0x3F)])
            output.append(base64Alphabet[Int(group >> 12 & 0x3F)])
            output.append(rest == 2 ? base64Alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase, as Python's `str(uuid.UUID)`; `bytes` holds 16 bytes.
    static func uuid(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(36)
        for (position, byte) in bytes.enumerated() {
            if position == 4 || position == 6 || position == 8 || position == 10 { output.append(UInt8(ascii: "-")) }
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of Python's `datetime`.
    static let earliestSecond: Int64 = -62_135_596_800
    static let latestSecond: Int64 = 253_402_300_799

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` for epoch seconds plus microseconds, or `nil` outside years 1–9999.
    static func timestamp(seconds: Int64, microseconds: Int64) -> String? {
        guard seconds >= earliestSecond, seconds <= latestSecond else { return nil }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        guard let date = date(daysSinceEpoch: days) else { return nil }
        var text = date + "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
        text += padded(secondOfDay % 60, 2)
        if microseconds != 0 { text += "." + padded(microseconds, 6) }
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
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
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
