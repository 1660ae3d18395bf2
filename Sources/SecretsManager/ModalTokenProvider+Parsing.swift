package import AsyncHTTPClient
import JSON
package import Logging
import Primitives

extension ModalTokenProvider {
    /// A provider for the environment: `ModalTokenConfiguration(environment:)`, plus a Secrets Manager client from
    /// `SecretsManagerConfiguration(environment:)` when the token comes from a secret (AWS variables are not read
    /// otherwise).
    package init(
        environment: [String: String],
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "modal-bridge.modal-token", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(SecretsManagerError) {
        let configuration = try ModalTokenConfiguration(environment: environment)
        var fetcher: (any SecretValueFetching)?
        if case .secretsManager = configuration.source {
            fetcher = SecretsManagerClient(
                configuration: try SecretsManagerConfiguration(environment: environment),
                httpClient: httpClient,
                logger: logger
            )
        }
        try self.init(configuration: configuration, fetcher: fetcher, logger: logger)
    }

    /// The token pair in a secret value: a JSON object whose `tokenIDKey`/`tokenSecretKey` members hold `ak-…` and
    /// `as-…` strings (surrounding whitespace ignored). Messages name the keys, never the values.
    static func parse(
        _ value: SecretValue,
        secretID: String,
        configuration: ModalTokenConfiguration
    ) throws(SecretsManagerError) -> ModalCredentials {
        let idKey = configuration.tokenIDKey
        let secretKey = configuration.tokenSecretKey
        let expected = "a JSON object {\"\(idKey)\": \"ak-…\", \"\(secretKey)\": \"as-…\"}"
        guard let text = value.secretString else {
            throw SecretsManagerError(
                code: .secretInvalid,
                message: "secret \(secretID) holds binary data; it must hold \(expected)"
            )
        }
        guard let json = try? JSONValue(parsing: text), let object = json.objectValue else {
            throw SecretsManagerError(code: .secretInvalid, message: "secret \(secretID) is not \(expected)")
        }
        var parts: [String] = []
        for key in [idKey, secretKey] {
            guard let part = object[key]?.stringValue?.trimming(.ascii), !part.isEmpty else {
                throw SecretsManagerError(
                    code: .secretInvalid,
                    message: "secret \(secretID) has no string member \"\(key)\"; it must hold \(expected)"
                )
            }
            parts.append(part)
        }
        for (part, key, prefix, proxyPrefix) in [
            (parts[0], idKey, ModalCredentials.tokenIDPrefix, "wk-"),
            (parts[1], secretKey, ModalCredentials.tokenSecretPrefix, "ws-"),
        ] where !part.hasPrefix(prefix) {
            if part.hasPrefix(proxyPrefix) {
                throw SecretsManagerError(
                    code: .secretInvalid,
                    message: "secret \(secretID): \"\(key)\" holds a Modal proxy token (\(proxyPrefix)…), not an API "
                        + "token (\(prefix)…)"
                )
            }
            throw SecretsManagerError(
                code: .secretPlaceholder,
                message: "secret \(secretID) still holds a placeholder: \"\(key)\" does not start with \(prefix); "
                    + "store \(expected) with a Modal API token (modal token new)"
            )
        }
        return ModalCredentials(tokenID: parts[0], tokenSecret: parts[1])
    }
}
