/// A JSON number kept as its exact text, with typed views.
///
/// `isInteger` is true when the text has no fraction and no exponent (`1` is an integer, `1.0` and `1e2` are not):
/// this is the distinction CBOR and Python keep between `int` and `float`.
package struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written, valid JSON number syntax.
    package let text: String

    /// Wraps text that is already valid JSON number syntax (checked); `nil` otherwise.
    package init?(text: String) {
        guard JSONNumber.isValid(Array(text.utf8)) else { return nil }
        self.text = text
    }

    init(validatedText: String) { self.text = validatedText }

    package init<I: BinaryInteger>(integer: I) { self.text = String(integer) }

    /// A float: always written with a fraction or exponent so it stays a float on the other side.
    /// `nil` for NaN and infinities.
    package init?(double: Double) {
        guard double.isFinite else { return nil }
        var text = "\(double)"
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
        self.text = text
    }

    package var description: String { text }

    package var isInteger: Bool {
        !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    }

    package var isNegative: Bool { text.utf8.first == UInt8(ascii: "-") }

    /// The value as `Int64` when it is an integer that fits.
    package var int64Value: Int64? { isInteger ? Int64(text) : nil }

    /// The value as `UInt64` when it is a non-negative integer that fits.
    package var uint64Value: UInt64? { isInteger ? UInt64(text) : nil }

    /// The nearest `Double`.
    package var doubleValue: Double { Double(text) ?? .nan }

    /// Integer digits without sign, for integers of any size (`nil` for non-integers).
    package var integerMagnitudeDigits: Substring? {
        guard isInteger else { return nil }
        return isNegative ? text.dropFirst() : Substring(text)
    }

    static func isValid(_ bytes: [UInt8]) -> Bool {
        var index = 0
        return JSONParser.scanNumber(bytes, &index) && index == bytes.count
    }
}
