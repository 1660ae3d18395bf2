package import JSON

/// A resource tag (`Key`, `Value`).
package struct ResourceTag: Sendable, Hashable {
    package var key: String
    package var value: String

    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    package static let rule =
        "must be KEY=VALUE: a key of 1–128 and a value of 0–256 letters, digits, spaces and _ . : / = + - @, "
        + "the key not starting with 'aws:'"

    /// Validates a tag given as a key and a value.
    package init(key: Field<String>, value: String) throws(CFNError) {
        let allowed = Set("_.:/=+-@ ".utf8)
        func ok(_ text: String, _ range: ClosedRange<Int>) -> Bool {
            range.contains(text.utf8.count) && text.utf8.allSatisfy { $0.isASCIIAlphanumeric || allowed.contains($0) }
        }
        guard ok(key.value, 1...128), ok(value, 0...256), !key.value.lowercased().hasPrefix("aws:") else {
            throw .invalid(key.name, "\(key.value)=\(value)", Self.rule)
        }
        self.key = key.value
        self.value = value
    }

    package var json: JSONValue { ["Key": .string(key), "Value": .string(value)] }
}
