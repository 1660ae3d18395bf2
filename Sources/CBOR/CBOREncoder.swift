/// Writes CBOR into one growing byte buffer. Every item is definite-length; integers and lengths use the shortest
/// argument (RFC 8949 preferred serialization).
///
/// ```swift
/// var encoder = CBOREncoder(reservingCapacity: 64)
/// try encoder.encode(.array([1, "two", 3.0]))
/// let bytes = encoder.bytes
/// ```
package struct CBOREncoder: Sendable {
    /// How floats are written.
    package enum FloatStyle: Sendable, Hashable {
        /// What Python's `cbor2.dumps` writes: finite values as float64 (`0xFB`), NaN and ±∞ as half floats
        /// (`F9 7E00`, `F9 7C00`, `F9 FC00`). The default, and what the JSON bridge uses.
        case float64
        /// The shortest of half, single and double that holds the value exactly (RFC 8949 preferred
        /// serialization); every NaN is written as `F9 7E00`.
        case shortest
    }

    /// The bytes written so far.
    package internal(set) var bytes: [UInt8]
    package var floatStyle: FloatStyle
    /// Arrays, maps and tags nested deeper than this are refused with ``CBORError/Code/tooDeep``.
    package var maximumDepth: Int

    package init(floatStyle: FloatStyle = .float64, maximumDepth: Int = 512, reservingCapacity capacity: Int = 0) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
        self.floatStyle = floatStyle
        self.maximumDepth = maximumDepth
    }

    /// Appends one data item.
    package mutating func encode(_ value: CBORValue) throws(CBORError) {
        try encode(value, depth: 0)
    }

    private mutating func encode(_ value: CBORValue, depth: Int) throws(CBORError) {
        switch value {
        case .unsigned(let n): writeHead(major: 0, argument: n)
        case .negative(let n): writeHead(major: 1, argument: n)
        case .bytes(let content): writeBytes(content)
        case .text(let text): writeText(text)
        case .array(let elements):
            try checkDepth(depth + 1)
            writeHead(major: 4, argument: UInt64(elements.count))
            for element in elements { try encode(element, depth: depth + 1) }
        case .map(let entries):
            try checkDepth(depth + 1)
            writeHead(major: 5, argument: UInt64(entries.count))
            for entry in entries {
                try encode(entry.key, depth: depth + 1)
                try encode(entry.value, depth: depth + 1)
            }
        case .tagged(let tag, let content):
            try checkDepth(depth + 1)
            writeHead(major: 6, argument: tag)
            try encode(content, depth: depth + 1)
        case .bool(let flag): bytes.append(flag ? 0xF5 : 0xF4)
        case .null: bytes.append(0xF6)
        case .undefined: bytes.append(0xF7)
        case .simple(let simple): try writeSimple(simple)
        case .float(let double): writeFloat(double)
        }
    }

    func checkDepth(_ depth: Int) throws(CBORError) {
        guard depth <= maximumDepth else {
            throw CBORError(code: .tooDeep, message: "nesting deeper than \(maximumDepth)")
        }
    }

    // MARK: primitives

    /// Writes a major type with its argument in the shortest form.
    package mutating func writeHead(major: UInt8, argument: UInt64) {
        let type = major << 5
        switch argument {
        case 0..<24:
            bytes.append(type | UInt8(argument))
        case 24...0xFF:
            bytes.append(type | 24)
            bytes.append(UInt8(argument))
        case 0x100...0xFFFF:
            bytes.append(type | 25)
            appendBigEndian(argument, byteCount: 2)
        case 0x1_0000...0xFFFF_FFFF:
            bytes.append(type | 26)
            appendBigEndian(argument, byteCount: 4)
        default:
            bytes.append(type | 27)
            appendBigEndian(argument, byteCount: 8)
        }
    }

    /// Writes a text string (major type 3).
    package mutating func writeText(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeHead(major: 3, argument: UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a byte string (major type 2).
    package mutating func writeBytes<Bytes: Collection>(_ content: Bytes) where Bytes.Element == UInt8 {
        writeHead(major: 2, argument: UInt64(content.count))
        bytes.append(contentsOf: content)
    }

    /// Writes a float in the configured ``FloatStyle``.
    package mutating func writeFloat(_ value: Double) {
        if value.isNaN {
            bytes.append(contentsOf: [0xF9, 0x7E, 0x00])
            return
        }
        if floatStyle == .float64 && value.isFinite {
            bytes.append(0xFB)
            appendBigEndian(value.bitPattern, byteCount: 8)
        } else if let half = CBORFloat.halfBits(exactly: value) {
            bytes.append(0xF9)
            appendBigEndian(UInt64(half), byteCount: 2)
        } else if let single = CBORFloat.singleBits(exactly: value) {
            bytes.append(0xFA)
            appendBigEndian(UInt64(single), byteCount: 4)
        } else {
            bytes.append(0xFB)
            appendBigEndian(value.bitPattern, byteCount: 8)
        }
    }

    /// Writes a simple value; 20–23 come out as false, true, null and undefined. 24–31 have no valid encoding.
    package mutating func writeSimple(_ value: UInt8) throws(CBORError) {
        guard !(24...31).contains(value) else {
            throw CBORError(code: .malformed, message: "simple value \(value) has no valid encoding")
        }
        if value < 24 {
            bytes.append(0xE0 | value)
        } else {
            bytes.append(0xF8)
            bytes.append(value)
        }
    }

    /// Writes a tag head; the tagged item must follow.
    package mutating func writeTag(_ tag: UInt64) {
        writeHead(major: 6, argument: tag)
    }

    /// Appends bytes that are already CBOR (one or more complete items).
    package mutating func writeRaw<Bytes: Sequence>(_ raw: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    private mutating func appendBigEndian(_ value: UInt64, byteCount: Int) {
        var shift = (byteCount - 1) * 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            shift -= 8
        }
    }
}

extension CBORValue {
    /// This item as CBOR bytes.
    package func encoded(
        floatStyle: CBOREncoder.FloatStyle = .float64,
        maximumDepth: Int = 512
    ) throws(CBORError) -> [UInt8] {
        var encoder = CBOREncoder(floatStyle: floatStyle, maximumDepth: maximumDepth, reservingCapacity: 64)
        try encoder.encode(self)
        return encoder.bytes
    }
}
