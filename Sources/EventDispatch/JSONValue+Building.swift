import JSON

extension JSONValue {
    /// A string, or `null` when absent.
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// A number kept exact, or `null` when absent.
    static func optional(_ number: JSONNumber?) -> JSONValue { number.map(JSONValue.number) ?? .null }

    /// An object from ordered members.
    static func members(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }

    /// `name → text` pairs as an object.
    static func textMap(_ pairs: [(name: String, value: String)]) -> JSONValue {
        .object(JSONObject(pairs.map { ($0.name, JSONValue.string($0.value)) }))
    }
}
