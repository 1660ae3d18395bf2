import Primitives

/// The process environment as configuration reads it, with one rule for every variable: surrounding whitespace is
/// dropped, and a value that is empty after that counts as unset. `main` builds it once from `environ`; the runtime
/// reads its own `AWS_LAMBDA_*` variables from it and hands it to the handler factory, which reads the rest.
package struct Environment: Sendable {
    private let values: [String: String]

    package init(_ values: [String: String]) {
        self.values = values
    }

    /// The value of `name` without surrounding whitespace; `nil` when unset or blank.
    package subscript(_ name: String) -> String? {
        guard let raw = values[name] else { return nil }
        let trimmed = raw.trimming(.unicode)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The value of `name`, or ``ConfigurationError/missing(_:hint:)``.
    package func required(_ name: String, hint: String = "") throws(ConfigurationError) -> String {
        guard let value = self[name] else { throw .missing(name, hint: hint) }
        return value
    }

    /// The first of `names` that is set, with its value (`AWS_REGION`, then `AWS_DEFAULT_REGION`).
    package func first(of names: [String]) -> (variable: String, value: String)? {
        for name in names {
            if let value = self[name] { return (name, value) }
        }
        return nil
    }

    /// `name` converted by `parse`; `nil` when unset; `problem(value)` (the text after the name) when `parse`
    /// refuses the value.
    package func value<T>(
        _ name: String,
        _ parse: (String) -> T?,
        problem: (String) -> String
    ) throws(ConfigurationError) -> T? {
        guard let text = self[name] else { return nil }
        guard let value = parse(text) else {
            throw ConfigurationError(variable: name, message: "\(name) \(problem(text))")
        }
        return value
    }
}
