/// A tag as typed: the key (with its field name) and the value.
package struct TagInput: Sendable {
    package var key: Field<String>
    package var value: String

    package init(key: Field<String>, value: String) {
        self.key = key
        self.value = value
    }

    /// Splits `KEY=VALUE` at the first `=`.
    package init(_ field: Field<String>) throws(CFNError) {
        guard let equals = field.value.firstIndex(of: "=") else {
            throw .invalid(field.name, field.value, ResourceTag.rule)
        }
        self.init(
            key: Field(String(field.value[..<equals]), field.name),
            value: String(field.value[field.value.index(after: equals)...])
        )
    }
}
