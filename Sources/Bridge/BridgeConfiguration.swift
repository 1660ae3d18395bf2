package import EventDispatch
package import JSON
package import ModalClient
package import SecretsManager

/// Everything the bridge needs, read once from the environment contract of modal-bridge-constructs plus our own
/// variables. Invalid or missing values fail init with ``ConfigurationError`` naming the variable.
package struct BridgeConfiguration: Sendable {
    package var function: ModalFunctionReference
    package var pattern: IntegrationPattern
    /// `PARAMETERS`: the static second argument of every call, a JSON object (numbers keep their text).
    package var parameters: JSONValue
    package var dispatch: DispatchConfiguration
    package var modal: ModalClientConfiguration
    package var token: ModalTokenConfiguration
    /// Present when the token comes from Secrets Manager.
    package var secretsManager: SecretsManagerConfiguration?
    /// Present when invocation metrics are on (`MODAL_BRIDGE_METRICS=emf`).
    package var metrics: MetricsConfiguration?

    package init(environment: [String: String]) throws(ConfigurationError) {
        func required(_ name: String) throws(ConfigurationError) -> String {
            guard let value = environment[name]?.trimmed, !value.isEmpty else {
                throw ConfigurationError(variable: name, message: "\(name) is not set")
            }
            return value
        }
        func optional(_ name: String) -> String? {
            guard let value = environment[name]?.trimmed, !value.isEmpty else { return nil }
            return value
        }

        let appName = try required("MODAL_APP_NAME")
        let functionName = try required("MODAL_FUNCTION_NAME")
        for (variable, value) in [("MODAL_APP_NAME", appName), ("MODAL_FUNCTION_NAME", functionName)] {
            guard !value.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                throw ConfigurationError(
                    variable: variable,
                    message: "\(variable) '\(value)' must not contain '/' or whitespace"
                )
            }
        }
        function = ModalFunctionReference(
            appName: appName,
            functionName: functionName,
            environmentName: optional("MODAL_ENVIRONMENT_NAME") ?? optional("MODAL_ENVIRONMENT")
        )

        let patternText = try required("MODAL_INTEGRATION_PATTERN")
        guard let pattern = IntegrationPattern(rawValue: patternText.lowercased()) else {
            throw ConfigurationError(
                variable: "MODAL_INTEGRATION_PATTERN",
                message: "MODAL_INTEGRATION_PATTERN is '\(patternText)'; use 'spawn' or 'remote'"
            )
        }
        self.pattern = pattern

        if let text = environment["PARAMETERS"], !text.trimmed.isEmpty {
            let parsed: JSONValue
            do {
                parsed = try JSONValue(parsing: text)
            } catch {
                throw ConfigurationError(
                    variable: "PARAMETERS",
                    message: "PARAMETERS is not valid JSON (\(error.message) at byte \(error.offset))"
                )
            }
            guard case .object = parsed else {
                throw ConfigurationError(
                    variable: "PARAMETERS",
                    message: "PARAMETERS must be a JSON object, like {\"key\": \"value\"}"
                )
            }
            parameters = parsed
        } else {
            parameters = .object(JSONObject())
        }

        var dispatch = DispatchConfiguration(pattern: pattern)
        if let modeText = optional("MODAL_BRIDGE_DISPATCH_MODE") {
            guard let mode = DispatchMode(rawValue: modeText.lowercased()) else {
                throw ConfigurationError(
                    variable: "MODAL_BRIDGE_DISPATCH_MODE",
                    message:
                        "MODAL_BRIDGE_DISPATCH_MODE is '\(modeText)'; use 'event' (one call per event) or 'record' (one call per record)"
                )
            }
            dispatch.mode = mode
        }
        if let text = optional("MODAL_BRIDGE_CONCURRENCY") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw ConfigurationError(
                    variable: "MODAL_BRIDGE_CONCURRENCY",
                    message: "MODAL_BRIDGE_CONCURRENCY is '\(text)'; use a whole number from 1 to 1000"
                )
            }
            dispatch.concurrency = value
        }
        if let text = optional("MODAL_BRIDGE_UNWRAP_NESTED") {
            switch text.lowercased() {
            case "true", "1", "yes": dispatch.unwrapNested = true
            case "false", "0", "no": dispatch.unwrapNested = false
            default:
                throw ConfigurationError(
                    variable: "MODAL_BRIDGE_UNWRAP_NESTED",
                    message: "MODAL_BRIDGE_UNWRAP_NESTED is '\(text)'; use true or false"
                )
            }
        }
        if let text = optional("MODAL_BRIDGE_STREAM_ORDERING") {
            guard let ordering = StreamOrdering(rawValue: text.lowercased()) else {
                throw ConfigurationError(
                    variable: "MODAL_BRIDGE_STREAM_ORDERING",
                    message:
                        "MODAL_BRIDGE_STREAM_ORDERING is '\(text)'; use 'shard' (one record at a time) or 'partition-key' (keys concurrently)"
                )
            }
            dispatch.streamOrdering = ordering
        }
        self.dispatch = dispatch
        metrics = try MetricsConfiguration.parse(environment)

        do {
            modal = try ModalClientConfiguration(environment: environment)
        } catch {
            throw ConfigurationError(message: error.message, fallbackVariable: "MODAL_SERVER_URL")
        }
        do {
            token = try ModalTokenConfiguration(environment: environment)
            if case .secretsManager = token.source {
                secretsManager = try SecretsManagerConfiguration(environment: environment)
            } else {
                secretsManager = nil
            }
        } catch {
            throw ConfigurationError(message: error.message, fallbackVariable: "MODAL_SECRET_ARN")
        }
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
