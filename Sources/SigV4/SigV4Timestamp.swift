import Primitives

/// A signing time: whole seconds since 1970-01-01T00:00:00Z. `X-Amz-Date` and the credential scope's date are both
/// derived from one value, so they can never disagree.
package struct SigV4Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    package var secondsSinceEpoch: Int64

    /// A timestamp from seconds since the Unix epoch.
    package init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Parses the `yyyyMMdd'T'HHmmss'Z'` form (`20150830T123600Z`); `nil` when malformed.
    package init?(amzDate: String) {
        let bytes = Array(amzDate.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        self.secondsSinceEpoch =
            CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSinceEpoch
    }

    /// `yyyyMMdd'T'HHmmss'Z'`, the value of `X-Amz-Date`.
    package var amzDate: String { CivilDateTime(secondsSinceEpoch: secondsSinceEpoch).basicDateTime }

    /// `yyyyMMdd`, the date of the credential scope.
    package var scopeDate: String { String(amzDate.prefix(8)) }

    package var description: String { amzDate }

    package static func < (lhs: SigV4Timestamp, rhs: SigV4Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }
}
