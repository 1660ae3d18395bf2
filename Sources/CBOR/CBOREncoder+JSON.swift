package import JSON

/// The JSON → CBOR direction of the bridge, written straight from a ``JSON/JSONValue`` (no intermediate tree):
///
/// | JSON | CBOR |
/// |---|---|
/// | `null`, `false`, `true` | `F6`, `F4`, `F5` (never `F7`) |
/// | integer literal (no `.`/`e`) in −2⁶⁴…2⁶⁴−1 | major type 0 or 1, shortest argument (`-0` is `0`) |
/// | integer literal outside that range | tag 2 / tag 3 bignum from the exact digits (up to 19 728 digits) |
/// | any other number (`1.0`, `1e2`) | float64; a literal beyond the double range is ±∞ (`F9 7C00`/`F9 FC00`), as Python reads it |
/// | string | text string (UTF-8) |
/// | array | definite-length array |
/// | object | definite-length map with text keys, in member order (repeated names are all written) |
extension CBOREncoder {
    /// Appends `json` as one CBOR data item.
    package mutating func encode(json: JSONValue) throws(CBORError) {
        try encode(json: json, depth: 0)
    }

    private mutating func encode(json: JSONValue, depth: Int) throws(CBORError) {
        switch json {
        case .null: bytes.append(0xF6)
        case .bool(let flag): bytes.append(flag ? 0xF5 : 0xF4)
        case .number(let number): try writeNumber(number)
        case .string(let string): writeText(string)
        case .array(let elements):
            try checkDepth(depth + 1)
            writeHead(major: 4, argument: UInt64(elements.count))
            for element in elements { try encode(json: element, depth: depth + 1) }
        case .object(let object):
            try checkDepth(depth + 1)
            writeHead(major: 5, argument: UInt64(object.count))
            for member in object.members {
                writeText(member.key)
                try encode(json: member.value, depth: depth + 1)
            }
        }
    }

    /// Writes a JSON number: an integer literal as a CBOR integer (bignum when needed), anything else as a float.
    package mutating func writeNumber(_ number: JSONNumber) throws(CBORError) {
        let text = number.text
        guard number.isInteger else {
            // Valid JSON number text always parses; out-of-range literals become ±∞ or ±0 like Python's float().
            writeFloat(Double(text) ?? .nan)
            return
        }
        if let small = Int64(text) {
            if small >= 0 {
                writeHead(major: 0, argument: UInt64(small))
            } else {
                writeHead(major: 1, argument: UInt64(-(small + 1)))
            }
            return
        }
        let negative = number.isNegative
        let digits = negative ? text.utf8.dropFirst() : text.utf8[...]
        guard digits.count <= BigMagnitude.maximumDigitCount else {
            throw CBORError(
                code: .integerTooLarge,
                message: "integer with \(digits.count) digits (at most \(BigMagnitude.maximumDigitCount))"
            )
        }
        guard var magnitude = BigMagnitude(decimalDigits: digits) else {
            throw CBORError(code: .integerTooLarge, message: "integer literal is not decimal digits")
        }
        if negative { magnitude.subtractOne() }  // major type 1 and tag 3 carry -1 - value
        if let argument = magnitude.uint64Value {
            writeHead(major: negative ? 1 : 0, argument: argument)
        } else {
            writeTag(negative ? 3 : 2)
            writeBytes(magnitude.bigEndianBytes)
        }
    }

    /// An upper bound of the bytes `encode(json:)` writes for `json`, exact unless it holds bignums. Used to
    /// reserve the output buffer once. Stops descending below `maximumDepth` (encoding refuses such values).
    package static func encodedSizeUpperBound(of json: JSONValue, maximumDepth: Int = 512) -> Int {
        sizeUpperBound(json, depth: 0, maximumDepth: maximumDepth)
    }

    private static func sizeUpperBound(_ json: JSONValue, depth: Int, maximumDepth: Int) -> Int {
        switch json {
        case .null, .bool: return 1
        case .number(let number):
            guard number.isInteger else { return 9 }  // float64; ±∞ from an overflowing literal takes 3
            if let small = Int64(number.text) { return headSize(small >= 0 ? UInt64(small) : UInt64(~small)) }
            // Bignum: tag (1) + byte string head (≤ 9) + ⌈digits × log₂10 / 8⌉ ≤ digits × 0.42 + 1.
            return 11 + number.text.utf8.count * 42 / 100
        case .string(let string): return headSize(string.utf8.count) + string.utf8.count
        case .array(let elements):
            var total = headSize(elements.count)
            guard depth < maximumDepth else { return total }
            for element in elements { total += sizeUpperBound(element, depth: depth + 1, maximumDepth: maximumDepth) }
            return total
        case .object(let object):
            var total = headSize(object.count)
            guard depth < maximumDepth else { return total }
            for member in object.members {
                total += headSize(member.key.utf8.count) + member.key.utf8.count
                total += sizeUpperBound(member.value, depth: depth + 1, maximumDepth: maximumDepth)
            }
            return total
        }
    }

    /// The size of a head whose argument is `argument`.
    package static func headSize(_ argument: Int) -> Int {
        headSize(UInt64(max(0, argument)))
    }

    /// The size of a head whose argument is `argument`.
    package static func headSize(_ argument: UInt64) -> Int {
        switch argument {
        case 0..<24: return 1
        case 24...0xFF: return 2
        case 0x100...0xFFFF: return 3
        case 0x1_0000...0xFFFF_FFFF: return 5
        default: return 9
        }
    }
}

extension JSONValue {
    /// This JSON value as CBOR bytes (see ``CBOREncoder`` `encode(json:)` for the mapping).
    package func cborEncoded(maximumDepth: Int = 512) throws(CBORError) -> [UInt8] {
        var encoder = CBOREncoder(
            maximumDepth: maximumDepth,
            reservingCapacity: CBOREncoder.encodedSizeUpperBound(of: self, maximumDepth: maximumDepth)
        )
        try encoder.encode(json: self)
        return encoder.bytes
    }
}
