/// A raw input value and the name of the field it came from: a flag (`--app`) when it was typed on the command
/// line, or a path in a configuration file (`functions[0].app`). Validation errors name that field.
package struct Field<Value: Sendable>: Sendable {
    package var value: Value
    package var name: String

    package init(_ value: Value, _ name: String) {
        self.value = value
        self.name = name
    }

    /// The same field with a transformed value.
    package func map<T: Sendable>(_ transform: (Value) throws(CFNError) -> T) throws(CFNError) -> Field<T> {
        Field<T>(try transform(value), name)
    }
}

extension Field: Equatable where Value: Equatable {}
