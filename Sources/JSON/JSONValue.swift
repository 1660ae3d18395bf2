// Target JSON (pure leaf): the JSON value every other target passes around, with its parser and writer. It keeps
// each number's exact text and the order of members, so an event is forwarded as it arrived. No I/O. May import:
// nothing (the standard library only).

/// A JSON value that keeps what a forwarder must not lose: the exact text of every number (`1.0` stays a float,
/// `12345678901234567890` stays exact) and the order of object members.
///
/// Parse with ``JSONValue/init(parsing:)``, write with ``JSONValue/serialized(_:)``.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` when this is an object, otherwise `nil`.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` when this is an array and the index is in range, otherwise `nil`.
    package subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Builds an integer number.
    package static func integer<I: BinaryInteger>(_ value: I) -> JSONValue {
        .number(JSONNumber(integer: value))
    }

    /// Builds a floating-point number (non-finite values become `null`, as JSON has no spelling for them).
    package static func double(_ value: Double) -> JSONValue {
        guard let number = JSONNumber(double: value) else { return .null }
        return .number(number)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int) { self = .number(JSONNumber(integer: value)) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    package init(nilLiteral: ()) { self = .null }
}
