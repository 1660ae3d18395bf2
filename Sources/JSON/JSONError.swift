/// Why some bytes are not JSON. `offset` is the byte position where parsing stopped.
package struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        case unexpectedEnd
        case unexpectedCharacter
        case invalidNumber
        case invalidString
        case invalidUTF8
        case tooDeep
        case trailingData
    }

    package var code: Code
    package var message: String
    package var offset: Int

    package init(code: Code, message: String, offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    package var description: String { "invalid JSON at byte \(offset): \(message)" }
}
