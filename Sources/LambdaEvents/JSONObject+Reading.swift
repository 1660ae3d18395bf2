package import JSON

// Lenient readers used by the event models: a field of the wrong type reads as absent, never as an error.

extension JSONObject {
    /// The member `key` when it is a string.
    package func string(_ key: String) -> String? { self[key]?.stringValue }

    /// The member `key` as text when it is a string, a number (its exact text) or a boolean.
    package func text(_ key: String) -> String? { self[key]?.scalarText }

    /// The member `key` when it is an object.
    package func object(_ key: String) -> JSONObject? { self[key]?.objectValue }

    /// The member `key` when it is an array.
    package func array(_ key: String) -> [JSONValue]? { self[key]?.arrayValue }

    /// The member `key` when it is a number.
    package func number(_ key: String) -> JSONNumber? { self[key]?.numberValue }

    /// The member `key` when it is a boolean; the strings `"true"`/`"false"` are accepted too.
    package func flag(_ key: String) -> Bool? {
        switch self[key] {
        case .bool(let value): return value
        case .string(let text) where text.lowercased() == "true": return true
        case .string(let text) where text.lowercased() == "false": return false
        default: return nil
        }
    }

    /// The member `key` as `name → text` pairs in order (non-scalar values are skipped); `[]` when absent or null.
    package func textPairs(_ key: String) -> [(name: String, value: String)] {
        guard let object = self.object(key) else { return [] }
        return object.members.compactMap { member in
            member.value.scalarText.map { (name: member.key, value: $0) }
        }
    }

    /// The member `key` as `name → [text]` pairs in order; a scalar value counts as a one-element list.
    package func textListPairs(_ key: String) -> [(name: String, values: [String])] {
        guard let object = self.object(key) else { return [] }
        return object.members.compactMap { member in
            switch member.value {
            case .array(let elements): return (name: member.key, values: elements.compactMap(\.scalarText))
            default: return member.value.scalarText.map { (name: member.key, values: [$0]) }
            }
        }
    }

    /// The member `key` as a list of strings (non-scalar elements skipped); `[]` when absent.
    package func textList(_ key: String) -> [String] {
        array(key)?.compactMap(\.scalarText) ?? []
    }
}

extension JSONValue {
    /// The `Records` array of an event source mapping batch whose first record's `eventSource` is `source`
    /// (`aws:s3`, `aws:sqs`, `aws:kinesis`, `aws:dynamodb`); `nil` otherwise.
    package func records(from source: String) -> [JSONValue]? {
        guard let records = objectValue?.array("Records"),
            records.first?.objectValue?.string("eventSource") == source
        else { return nil }
        return records
    }

    /// Strings as themselves, numbers as their exact text, booleans as `true`/`false`; `nil` otherwise.
    package var scalarText: String? {
        switch self {
        case .string(let value): return value
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}
