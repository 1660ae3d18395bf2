/// Percent-decoding as used by S3 notification keys and URL query strings.
package enum PercentDecoding {
    /// Decodes `%XX` escapes (and, when `plusAsSpace`, `+` as a space first) and reads the bytes as UTF-8.
    ///
    /// Lenient by design: a `%` not followed by two hex digits is kept literally, and bytes that are not valid
    /// UTF-8 become U+FFFD. Callers that need the exact input keep it beside the decoded text.
    package static func decode(_ text: String, plusAsSpace: Bool) -> String {
        let input = Array(text.utf8)
        guard input.contains(UInt8(ascii: "%")) || (plusAsSpace && input.contains(UInt8(ascii: "+"))) else {
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "+"), plusAsSpace {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%"), index + 2 < input.count,
                let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Splits a raw query string (`a=1&b=x+y&a=2`, no leading `?`) into decoded name/value pairs, in order.
    /// A part without `=` has an empty value; empty parts are skipped.
    package static func queryPairs(_ rawQuery: String, plusAsSpace: Bool = true) -> [(name: String, value: String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { part in
            if let equals = part.firstIndex(of: "=") {
                let name = String(part[part.startIndex..<equals])
                let value = String(part[part.index(after: equals)...])
                return (decode(name, plusAsSpace: plusAsSpace), decode(value, plusAsSpace: plusAsSpace))
            }
            return (decode(String(part), plusAsSpace: plusAsSpace), "")
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
