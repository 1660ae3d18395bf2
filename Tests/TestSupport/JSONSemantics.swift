package import JSON

extension JSONValue {
    /// Equality as a JSON consumer sees it: numbers compare by value (an integer literal must stay an integer,
    /// `12.50` equals `12.5`, `1e3` equals `1000.0`), objects by member order and names, everything else exactly.
    /// A round trip through Python (CBOR) keeps values and the int/float distinction, not the literal text.
    package func semanticallyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.number(let left), .number(let right)):
            if left.isInteger != right.isInteger { return false }
            if left.isInteger {
                let strip: (JSONNumber) -> String = { number in
                    let digits = number.integerMagnitudeDigits.map(String.init) ?? number.text
                    let trimmed = String(digits.drop { $0 == "0" })
                    return (number.isNegative && !trimmed.isEmpty ? "-" : "") + (trimmed.isEmpty ? "0" : trimmed)
                }
                return strip(left) == strip(right)
            }
            return left.doubleValue == right.doubleValue
                && left.doubleValue.sign == right.doubleValue.sign
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.semanticallyEquals($1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && zip(left.members, right.members).allSatisfy {
                    $0.key == $1.key && $0.value.semanticallyEquals($1.value)
                }
        default:
            return self == other
        }
    }
}
