/// Why bytes are not acceptable CBOR, or why a value cannot cross the JSON ↔ CBOR bridge.
///
/// Decoding never traps: every malformed, truncated or too deeply nested input ends in one of these.
package struct CBORError: Error, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        /// The input ended inside a data item.
        case truncated
        /// Not well-formed CBOR: reserved additional information (28–30), an indefinite length where none is
        /// allowed, a two-byte simple value below 32, a bad chunk inside an indefinite-length string.
        case malformed
        /// A break byte (`0xFF`) outside an indefinite-length item, or in place of a map value.
        case unexpectedBreak
        /// A text string that is not valid UTF-8.
        case invalidUTF8
        /// Arrays, maps and tags nested deeper than the configured limit.
        case tooDeep
        /// Bytes left over after the single top-level data item.
        case trailingData
        /// A known tag (0, 1, 2, 3, 4, 37, 100, 258, 1004) whose content has the wrong type or range.
        case invalidTagContent
        /// An integer too large to convert between decimal text and CBOR bignum bytes.
        case integerTooLarge
    }

    package var code: Code
    package var message: String
    /// The byte position where decoding stopped, when the error comes from decoding bytes.
    package var offset: Int?
    package var underlying: (any Error)?

    package init(code: Code, message: String, offset: Int? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.underlying = underlying
    }

    package var description: String {
        guard let offset else { return "CBOR: \(message)" }
        return "CBOR at byte \(offset): \(message)"
    }

    /// Lambda's `Category.Reason` form, e.g. `CBOR.Truncated`.
    package var errorType: String {
        let name = code.rawValue
        return "CBOR." + name.prefix(1).uppercased() + name.dropFirst()
    }

    static func truncated(at offset: Int, _ what: String) -> CBORError {
        CBORError(code: .truncated, message: "input ends inside \(what)", offset: offset)
    }

    static func malformed(at offset: Int, _ message: String) -> CBORError {
        CBORError(code: .malformed, message: message, offset: offset)
    }

    static func invalidTag(_ tag: UInt64, _ message: String) -> CBORError {
        CBORError(code: .invalidTagContent, message: "tag \(tag): \(message)")
    }
}
