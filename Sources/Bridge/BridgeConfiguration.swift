package import EventDispatch
package import JSON
package import LambdaRuntime
package import ModalClient
package import SecretsManager

/// Everything the bridge needs, read once from the environment contract of modal-bridge-constructs plus our own
/// variables: each concern has its own parser (`init(environment:)` of the type it fills), and the lower targets'
/// configurations are handed typed values. An invalid or missing value fails init with the
/// ``ConfigurationError`` of its variable.
package struct BridgeConfiguration: Sendable {
    package var function: ModalFunctionReference
    package var pattern: IntegrationPattern
    /// `PARAMETERS`: the static second argument of every call, a JSON object (numbers keep their text).
    package var parameters: JSONValue
    package var dispatch: DispatchConfiguration
    package var modal: ModalClientConfiguration
    package var token: ModalTokenSource
    /// Present when invocation metrics are on (`MODAL_BRIDGE_METRICS=emf`).
    package var metrics: MetricsConfiguration?

    /// Reads the variables concern by concern, in this order (the first bad one is reported): the function, the
    /// pattern, `PARAMETERS`, dispatch, metrics, the Modal client, the token (and Secrets Manager when the token is
    /// there).
    package init(environment: Environment) throws(ConfigurationError) {
        function = try ModalFunctionReference(environment: environment)
        pattern = try IntegrationPattern(environment: environment)
        parameters = try Self.parameters(environment)
        dispatch = try DispatchConfiguration(environment: environment, pattern: pattern)
        metrics = try MetricsConfiguration(environment: environment)
        modal = try ModalClientConfiguration(environment: environment)
        token = try ModalTokenSource(environment: environment)
    }

    /// A configuration from a plain dictionary (tests, tools).
    package init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(environment: Environment(environment))
    }

    /// How Secrets Manager is reached, when the token comes from there.
    package var secretsManager: SecretsManagerConfiguration? {
        if case .secretsManager(_, let service) = token { service } else { nil }
    }

    /// `PARAMETERS`: a JSON object; unset is `{}`.
    package static func parameters(_ environment: Environment) throws(ConfigurationError) -> JSONValue {
        guard let text = environment["PARAMETERS"] else { return .object(JSONObject()) }
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: text)
        } catch {
            throw ConfigurationError(
                variable: "PARAMETERS",
                message: "PARAMETERS is not valid JSON (\(error.message) at byte \(error.offset))",
                underlying: error
            )
        }
        guard case .object = parsed else {
            throw ConfigurationError(
                variable: "PARAMETERS",
                message: "PARAMETERS must be a JSON object, like {\"key\": \"value\"}"
            )
        }
        return parsed
    }
}
