package import EventDispatch
package import LambdaRuntime
package import ModalClient

extension ModalFunctionReference {
    /// `MODAL_APP_NAME`, `MODAL_FUNCTION_NAME` (both required, no `/` or whitespace) and `MODAL_ENVIRONMENT_NAME`
    /// (fallback `MODAL_ENVIRONMENT`; unset is the workspace's default environment).
    package init(environment: Environment) throws(ConfigurationError) {
        self.init(
            appName: try Self.name("MODAL_APP_NAME", environment),
            functionName: try Self.name("MODAL_FUNCTION_NAME", environment),
            environmentName: environment["MODAL_ENVIRONMENT_NAME"] ?? environment["MODAL_ENVIRONMENT"]
        )
    }

    private static func name(_ variable: String, _ environment: Environment) throws(ConfigurationError) -> String {
        let value = try environment.required(variable)
        guard !value.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ConfigurationError(
                variable: variable,
                message: "\(variable) '\(value)' must not contain '/' or whitespace"
            )
        }
        return value
    }
}

extension IntegrationPattern {
    /// `MODAL_INTEGRATION_PATTERN` (required): `spawn` or `remote`, in any case.
    package init(environment: Environment) throws(ConfigurationError) {
        let text = try environment.required("MODAL_INTEGRATION_PATTERN")
        guard let pattern = IntegrationPattern(rawValue: text.lowercased()) else {
            throw ConfigurationError(
                variable: "MODAL_INTEGRATION_PATTERN",
                message: "MODAL_INTEGRATION_PATTERN is '\(text)'; use 'spawn' or 'remote'"
            )
        }
        self = pattern
    }
}
