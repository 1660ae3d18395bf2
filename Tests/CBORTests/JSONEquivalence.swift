import JSON

/// Compares two JSON values by meaning, the way Python sees them after `json.loads`: integers by exact text,
/// floats by the bits of the double they read as (`1e2` equals `100.0`, `-0.0` differs from `0.0`), an integer
/// never equals a float, objects member by member in order. Returns the first difference, or `nil`.
enum JSONEquivalence {
    static func difference(_ left: JSONValue, _ right: JSONValue, path: String = "$") -> String? {
        switch (left, right) {
        case (.null, .null): return nil
        case (.bool(let a), .bool(let b)): return a == b ? nil : "\(path): \(a) vs \(b)"
        case (.string(let a), .string(let b)):
            return a == b ? nil : "\(path): \(a.debugDescription.prefix(80)) vs \(b.debugDescription.prefix(80))"
        case (.number(let a), .number(let b)):
            switch (a.isInteger, b.isInteger) {
            case (true, true):
                return canonicalInteger(a.text) == canonicalInteger(b.text)
                    ? nil : "\(path): \(a.text.prefix(60)) vs \(b.text.prefix(60))"
            case (false, false):
                return a.doubleValue.bitPattern == b.doubleValue.bitPattern ? nil : "\(path): \(a.text) vs \(b.text)"
            default:
                return "\(path): integer/float mismatch \(a.text.prefix(60)) vs \(b.text.prefix(60))"
            }
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return "\(path): \(a.count) vs \(b.count) elements" }
            for (index, pair) in zip(a, b).enumerated() {
                if let problem = difference(pair.0, pair.1, path: "\(path)[\(index)]") { return problem }
            }
            return nil
        case (.object(let a), .object(let b)):
            guard a.keys == b.keys else { return "\(path): keys \(a.keys.prefix(5)) vs \(b.keys.prefix(5))" }
            for (memberA, memberB) in zip(a.members, b.members) {
                if let problem = difference(memberA.value, memberB.value, path: "\(path).\(memberA.key.prefix(20))") {
                    return problem
                }
            }
            return nil
        default:
            return "\(path): \(left.serializedString().prefix(60)) vs \(right.serializedString().prefix(60))"
        }
    }

    /// `value` with every float literal that reads as ±∞ (`1e400`) replaced by `null`, which is what it becomes
    /// after JSON → CBOR → JSON.
    static func overflowingFloatsAsNull(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number) where !number.isInteger && !number.doubleValue.isFinite: return .null
        case .array(let elements): return .array(elements.map(overflowingFloatsAsNull))
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, overflowingFloatsAsNull($0.value)) }))
        default: return value
        }
    }

    /// `-0` reads as the integer 0.
    private static func canonicalInteger(_ text: String) -> String { text == "-0" ? "0" : text }
}
