/// How ``JSONValue/serialized(_:)`` writes.
package struct JSONWriteOptions: Sendable, Hashable {
    /// Two-space indentation, one member per line, `": "` after names (the layout of Python's `indent=2`).
    package var pretty: Bool
    /// Members sorted by name (byte order of UTF-8), for deterministic output.
    package var sortedKeys: Bool
    /// Write `/` as `\/` (off by default: JSON does not need it).
    package var escapeSlashes: Bool

    package init(pretty: Bool = false, sortedKeys: Bool = false, escapeSlashes: Bool = false) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        self.escapeSlashes = escapeSlashes
    }

    package static let compact = JSONWriteOptions()
    package static let prettySorted = JSONWriteOptions(pretty: true, sortedKeys: true)
}

extension JSONValue {
    /// The JSON text as UTF-8 bytes. Numbers are written exactly as they were read.
    package func serialized(_ options: JSONWriteOptions = .compact) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        JSONValue.write(self, into: &output, options: options, indent: 0)
        return output
    }

    /// The JSON text as a string.
    package func serializedString(_ options: JSONWriteOptions = .compact) -> String {
        String(decoding: serialized(options), as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], options: JSONWriteOptions, indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.text.utf8)
        case .string(let string): writeString(string, into: &output, escapeSlashes: options.escapeSlashes)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options: options, indent: indent + 1)
                write(element, into: &output, options: options, indent: indent + 1)
            }
            if !elements.isEmpty { newline(&output, options: options, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var members = object.members
            if options.sortedKeys {
                members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            }
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, options: options, indent: indent + 1)
                writeString(member.key, into: &output, escapeSlashes: options.escapeSlashes)
                output.append(UInt8(ascii: ":"))
                if options.pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, into: &output, options: options, indent: indent + 1)
            }
            if !members.isEmpty { newline(&output, options: options, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], options: JSONWriteOptions, indent: Int) {
        guard options.pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Writes a JSON string literal; non-ASCII text stays as UTF-8, control characters are escaped.
    package static func writeString(_ string: String, into output: inout [UInt8], escapeSlashes: Bool = false) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/") where escapeSlashes:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
