/// A raw input value and the name of the field it came from: a flag (`--app`) when it was typed on the command
/// line, or a path in a configuration file (`functions[0].app`). Validation errors name that field.
package struct Field<Value: Sendable>: Sendable {
    package var value: Value
    package var name: String

    package init(_ value: Value, _ name: String) {
        self.value = value
        self.name = name
    }
}

extension Field: Equatable where Value: Equatable {}
