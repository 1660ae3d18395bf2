extension JSONValue {
    /// The default nesting limit: deeper input is refused rather than risking the stack.
    package static let defaultMaximumDepth = 512

    /// Parses exactly one JSON text (RFC 8259, strict: no comments, no trailing commas, valid UTF-8).
    package init<Bytes: Collection>(
        parsing bytes: Bytes,
        maximumDepth: Int = JSONValue.defaultMaximumDepth
    ) throws(JSONError)
    where Bytes.Element == UInt8 {
        var parser = JSONParser(bytes: Array(bytes), maximumDepth: maximumDepth)
        self = try parser.parseDocument()
    }

    /// Parses a JSON text held in a string.
    package init(parsing text: String, maximumDepth: Int = JSONValue.defaultMaximumDepth) throws(JSONError) {
        try self.init(parsing: Array(text.utf8), maximumDepth: maximumDepth)
    }
}

struct JSONParser {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fail(.trailingData, "unexpected data after the JSON value") }
        return value
    }

    private func fail(_ code: JSONError.Code, _ message: String) -> JSONError {
        JSONError(code: code, message: message, offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard index < bytes.count else { throw fail(.unexpectedEnd, "expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            guard JSONParser.scanNumber(bytes, &index) else { throw fail(.invalidNumber, "malformed number") }
            return .number(JSONNumber(validatedText: String(decoding: bytes[start..<index], as: UTF8.self)))
        default:
            throw fail(.unexpectedCharacter, "unexpected character \(JSONParser.describe(bytes[index]))")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail(.unexpectedEnd, "truncated literal") }
        let matches = literal.withUTF8Buffer { buffer in
            bytes[index..<index + count].elementsEqual(buffer)
        }
        guard matches else { throw fail(.unexpectedCharacter, "invalid literal") }
        index += count
    }

    private mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maximumDepth else { throw fail(.tooDeep, "nesting deeper than \(maximumDepth)") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw fail(.unexpectedCharacter, "expected ',' or ']' in array")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= maximumDepth else { throw fail(.tooDeep, "nesting deeper than \(maximumDepth)") }
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail(.unexpectedCharacter, "expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated object") }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw fail(.unexpectedCharacter, "expected ':' after a member name")
            }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(JSONObject(members))
            default: throw fail(.unexpectedCharacter, "expected ',' or '}' in object")
            }
        }
    }

    /// Reads a string literal in one pass, linear in its length whatever its mix of escapes and plain text.
    ///
    /// Plain text needs no copy when there is no escape; otherwise runs and decoded escapes go into one byte
    /// buffer that becomes the string at the end. Errors match a run-by-run reading: invalid UTF-8 is reported at
    /// the start of its run (after the opening quote or the last escape) when the run ends at a quote or an escape,
    /// while a control character or the end of input met first wins.
    private mutating func parseString() throws(JSONError) -> String {
        index += 1  // opening quote
        let start = index
        try scanPlainRun()
        guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated string") }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(index - start + 16)
        buffer.append(contentsOf: bytes[start..<index])
        while true {
            // At a quote, an escape or a control character (scanPlainRun stopped here).
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                let scalar = try parseEscape()
                UTF8.encode(scalar) { buffer.append($0) }
            default:
                throw fail(.invalidString, "control character in string")
            }
            let runStart = index
            try scanPlainRun()
            guard index < bytes.count else { throw fail(.unexpectedEnd, "unterminated string") }
            buffer.append(contentsOf: bytes[runStart..<index])
        }
    }

    /// Advances over string bytes up to the next quote, backslash, control character or the end. A run holding
    /// invalid UTF-8 is refused (at its start) only when it ends at a quote or backslash; otherwise the error that
    /// ends it is the one reported.
    private mutating func scanPlainRun() throws(JSONError) {
        let runStart = index
        var valid = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                if let length = JSONParser.utf8SequenceLength(bytes, at: index) {
                    index += length
                } else {
                    valid = false
                    index += 1
                }
                continue
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            index += 1
        }
        guard valid || index >= bytes.count || bytes[index] < 0x20 else {
            throw JSONError(code: .invalidUTF8, message: "string is not valid UTF-8", offset: runStart)
        }
    }

    /// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF) that
    /// starts with the non-ASCII byte at `index`, or `nil` when there is none.
    static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch bytes[index] {
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    private mutating func parseEscape() throws(JSONError) -> Unicode.Scalar {
        guard index < bytes.count else { throw fail(.unexpectedEnd, "truncated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw fail(.invalidString, "unpaired high surrogate") }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw fail(.invalidString, "invalid low surrogate") }
                let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw fail(.invalidString, "invalid code point") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw fail(.invalidString, "unpaired low surrogate") }
            return scalar
        default:
            index -= 1
            throw fail(.invalidString, "invalid escape \\\(JSONParser.describe(byte))")
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail(.unexpectedEnd, "truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidString, "invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Advances over one JSON number; false when the syntax is wrong.
    static func scanNumber(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { return false }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(index) else { return false }
            while isDigit(index) { index += 1 }
        }
        return true
    }

    static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
    }
}
