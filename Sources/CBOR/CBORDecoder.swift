/// Reads CBOR data items from a byte buffer with a moving index.
///
/// Accepts everything well-formed (RFC 8949 §3): all integer and length widths, half/single/double floats,
/// indefinite-length strings, arrays and maps, any tag, any simple value. Refuses, with a ``CBORError`` and never a
/// trap: truncated input, reserved additional information, misplaced break bytes, bad indefinite-string chunks,
/// text that is not valid UTF-8, and nesting deeper than `maximumDepth` (arrays, maps and tags each count).
/// Lengths are checked against the bytes actually present before anything is allocated.
package struct CBORDecoder {
    private let bytes: [UInt8]
    /// The position of the next unread byte.
    package private(set) var index: Int
    package let maximumDepth: Int

    package init<Bytes: Collection>(bytes: Bytes, maximumDepth: Int = 512) where Bytes.Element == UInt8 {
        self.bytes = Array(bytes)
        self.index = 0
        self.maximumDepth = maximumDepth
    }

    /// True when every byte has been read.
    package var isAtEnd: Bool { index >= bytes.count }

    /// Decodes the next data item.
    package mutating func decodeNext() throws(CBORError) -> CBORValue {
        try decodeItem(depth: 0)
    }

    private var remaining: Int { bytes.count - index }

    private mutating func readByte(_ what: String) throws(CBORError) -> UInt8 {
        guard index < bytes.count else { throw .truncated(at: index, what) }
        let byte = bytes[index]
        index += 1
        return byte
    }

    private mutating func readUInt(byteCount: Int, _ what: String) throws(CBORError) -> UInt64 {
        guard byteCount <= remaining else {
            index = bytes.count
            throw .truncated(at: index, what)
        }
        var value: UInt64 = 0
        for offset in 0..<byteCount { value = value << 8 | UInt64(bytes[index + offset]) }
        index += byteCount
        return value
    }

    /// The argument of a head whose low five bits are `info`; `nil` for 31 (indefinite length).
    private mutating func readArgument(_ info: UInt8, start: Int) throws(CBORError) -> UInt64? {
        switch info {
        case 0..<24: return UInt64(info)
        case 24: return try readUInt(byteCount: 1, "an argument")
        case 25: return try readUInt(byteCount: 2, "an argument")
        case 26: return try readUInt(byteCount: 4, "an argument")
        case 27: return try readUInt(byteCount: 8, "an argument")
        case 31: return nil
        default: throw .malformed(at: start, "reserved additional information \(info)")
        }
    }

    private mutating func readDefiniteArgument(_ info: UInt8, start: Int, major: UInt8) throws(CBORError) -> UInt64 {
        guard let argument = try readArgument(info, start: start) else {
            throw .malformed(at: start, "indefinite length is not allowed for major type \(major)")
        }
        return argument
    }

    /// A byte count that fits in what is left of the input.
    private func checkedLength(_ argument: UInt64, _ what: String) throws(CBORError) -> Int {
        guard argument <= UInt64(remaining) else { throw .truncated(at: bytes.count, what) }
        return Int(argument)
    }

    private func checkDepth(_ depth: Int, start: Int) throws(CBORError) {
        guard depth <= maximumDepth else {
            throw CBORError(code: .tooDeep, message: "nesting deeper than \(maximumDepth)", offset: start)
        }
    }

    private mutating func decodeItem(depth: Int) throws(CBORError) -> CBORValue {
        let start = index
        let initial = try readByte("a data item")
        let major = initial >> 5
        let info = initial & 0x1F
        switch major {
        case 0: return .unsigned(try readDefiniteArgument(info, start: start, major: major))
        case 1: return .negative(try readDefiniteArgument(info, start: start, major: major))
        case 2:
            guard let argument = try readArgument(info, start: start) else { return .bytes(try readChunks(major: 2)) }
            return .bytes(try readByteString(length: argument))
        case 3:
            guard let argument = try readArgument(info, start: start) else { return .text(try readTextChunks()) }
            return .text(try readText(length: argument))
        case 4:
            try checkDepth(depth + 1, start: start)
            return .array(try readArray(count: try readArgument(info, start: start), depth: depth + 1))
        case 5:
            try checkDepth(depth + 1, start: start)
            return .map(try readMap(count: try readArgument(info, start: start), depth: depth + 1))
        case 6:
            try checkDepth(depth + 1, start: start)
            let tag = try readDefiniteArgument(info, start: start, major: major)
            return .tagged(tag, try decodeItem(depth: depth + 1))
        default:
            return try readSimpleOrFloat(info, start: start)
        }
    }

    private mutating func readSimpleOrFloat(_ info: UInt8, start: Int) throws(CBORError) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24:
            let value = try readByte("a simple value")
            guard value >= 32 else { throw .malformed(at: start, "two-byte simple value \(value) below 32") }
            return .simple(value)
        case 25: return .float(CBORFloat.double(fromHalf: UInt16(try readUInt(byteCount: 2, "a half float"))))
        case 26: return .float(CBORFloat.double(fromSingle: UInt32(try readUInt(byteCount: 4, "a single float"))))
        case 27: return .float(Double(bitPattern: try readUInt(byteCount: 8, "a double float")))
        case 28, 29, 30: throw .malformed(at: start, "reserved additional information \(info) in major type 7")
        case 31:
            throw CBORError(code: .unexpectedBreak, message: "break byte where a data item was expected", offset: start)
        default: return .simple(info)
        }
    }

    private mutating func readByteString(length argument: UInt64) throws(CBORError) -> [UInt8] {
        let length = try checkedLength(argument, "a byte string")
        defer { index += length }
        return Array(bytes[index..<index + length])
    }

    private mutating func readText(length argument: UInt64) throws(CBORError) -> String {
        let length = try checkedLength(argument, "a text string")
        guard let text = String(validating: bytes[index..<index + length], as: UTF8.self) else {
            throw CBORError(code: .invalidUTF8, message: "text string is not valid UTF-8", offset: index)
        }
        index += length
        return text
    }

    /// True (and consumes it) when the next byte is a break.
    private mutating func consumeBreak(_ what: String) throws(CBORError) -> Bool {
        guard index < bytes.count else { throw .truncated(at: index, what) }
        guard bytes[index] == 0xFF else { return false }
        index += 1
        return true
    }

    /// The next chunk head of an indefinite-length string: it must be a definite string of the same major type.
    private mutating func readChunkLength(major: UInt8) throws(CBORError) -> UInt64 {
        let start = index
        let initial = try readByte("a string chunk")
        guard initial >> 5 == major else {
            throw .malformed(at: start, "chunk of major type \(initial >> 5) inside an indefinite-length string")
        }
        guard let argument = try readArgument(initial & 0x1F, start: start) else {
            throw .malformed(at: start, "indefinite-length chunk inside an indefinite-length string")
        }
        return argument
    }

    private mutating func readChunks(major: UInt8) throws(CBORError) -> [UInt8] {
        var content: [UInt8] = []
        while try !consumeBreak("an indefinite-length byte string") {
            content.append(contentsOf: try readByteString(length: try readChunkLength(major: major)))
        }
        return content
    }

    /// Text chunks are each valid UTF-8 on their own (RFC 8949 §3.2.3; cbor2 agrees).
    private mutating func readTextChunks() throws(CBORError) -> String {
        var text = ""
        while try !consumeBreak("an indefinite-length text string") {
            text += try readText(length: try readChunkLength(major: 3))
        }
        return text
    }

    private mutating func readArray(count argument: UInt64?, depth: Int) throws(CBORError) -> [CBORValue] {
        var elements: [CBORValue] = []
        guard let argument else {
            while try !consumeBreak("an indefinite-length array") { elements.append(try decodeItem(depth: depth)) }
            return elements
        }
        // Every element takes at least one byte: a count beyond what is left is truncated input, found early.
        let count = try checkedLength(argument, "an array")
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try decodeItem(depth: depth)) }
        return elements
    }

    private mutating func readMap(count argument: UInt64?, depth: Int) throws(CBORError) -> [CBORMapEntry] {
        var entries: [CBORMapEntry] = []
        guard let argument else {
            while try !consumeBreak("an indefinite-length map") {
                let key = try decodeItem(depth: depth)
                if index < bytes.count, bytes[index] == 0xFF {
                    throw CBORError(code: .unexpectedBreak, message: "map key without a value", offset: index)
                }
                entries.append(CBORMapEntry(key: key, value: try decodeItem(depth: depth)))
            }
            return entries
        }
        guard argument <= UInt64(remaining / 2) else { throw .truncated(at: bytes.count, "a map") }
        let count = Int(argument)
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let key = try decodeItem(depth: depth)
            entries.append(CBORMapEntry(key: key, value: try decodeItem(depth: depth)))
        }
        return entries
    }
}

extension CBORValue {
    /// Decodes exactly one data item; bytes after it are an error (``CBORError/Code/trailingData``).
    package init<Bytes: Collection>(decoding bytes: Bytes, maximumDepth: Int = 512) throws(CBORError)
    where Bytes.Element == UInt8 {
        var decoder = CBORDecoder(bytes: bytes, maximumDepth: maximumDepth)
        self = try decoder.decodeNext()
        guard decoder.isAtEnd else {
            throw CBORError(code: .trailingData, message: "bytes after the data item", offset: decoder.index)
        }
    }
}
