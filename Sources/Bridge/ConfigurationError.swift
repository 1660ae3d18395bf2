import LambdaRuntime

/// A configuration problem found at init: it fails init through `/runtime/init/error` and names the variable.
package struct ConfigurationError: Error, CustomStringConvertible {
    /// The environment variable at fault.
    package var variable: String
    package var message: String

    package init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    /// Wraps a message from a lower layer that starts with the variable's name (`AWS_REGION is not set`).
    package init(message: String, fallbackVariable: String) {
        let first = message.prefix { $0 != " " && $0 != ":" }
        let looksLikeVariable = !first.isEmpty && first.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
        self.init(variable: looksLikeVariable ? String(first) : fallbackVariable, message: message)
    }

    package var errorType: String { "Config.Invalid" }
    package var errorMessage: String { message.hasPrefix(variable) ? message : "\(variable): \(message)" }
    package var description: String { "\(errorType): \(errorMessage)" }
}

extension ConfigurationError: LambdaDiagnosable {}
