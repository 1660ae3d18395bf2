/// A configuration problem found at init: it fails init through `/runtime/init/error` as `Config.Invalid`. The
/// variable at fault is a field, set where the value is read (never recovered from the message's text).
package struct ConfigurationError: Error, CustomStringConvertible, LambdaDiagnosable {
    /// What is wrong with the variable.
    package enum Code: String, Sendable, Hashable {
        /// A required variable is unset or blank.
        case missing
        /// The value cannot be used (malformed, out of range, contradicting another variable).
        case invalid
    }

    package var code: Code
    /// The environment variable at fault (`MODAL_APP_NAME`).
    package var variable: String
    /// What is wrong, safe to show: it never holds a secret value.
    package var message: String
    /// The error underneath (a JSON parse error, a lower layer's validation error), if any.
    package var underlying: (any Error)?

    package init(_ code: Code = .invalid, variable: String, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.variable = variable
        self.message = message
        self.underlying = underlying
    }

    /// `<variable> is not set<hint>`.
    package static func missing(_ variable: String, hint: String = "") -> ConfigurationError {
        ConfigurationError(.missing, variable: variable, message: "\(variable) is not set\(hint)")
    }

    package var errorType: String { "Config.Invalid" }
    /// The message, which names the variable (prefixed with it when the text does not start with it).
    package var errorMessage: String { message.hasPrefix(variable) ? message : "\(variable): \(message)" }
    package var description: String { "\(errorType): \(errorMessage)" }
}
