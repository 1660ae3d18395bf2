import JSON
import LambdaRuntime
import ModalClient
import Primitives
import SecretsManager

extension ModalTokenSecret {
    /// The token pair in a secret value: a JSON object whose ``tokenIDKey``/``tokenSecretKey`` members hold `ak-…`
    /// and `as-…` strings (surrounding whitespace ignored). Messages name the keys, never the values.
    func token(in value: SecretValue) throws(ModalTokenError) -> ModalTokenPair {
        let expected = "a JSON object {\"\(tokenIDKey)\": \"ak-…\", \"\(tokenSecretKey)\": \"as-…\"}"
        guard let text = value.secretString else {
            throw ModalTokenError(
                code: .secretInvalid,
                message: "secret \(secretID) holds binary data; it must hold \(expected)"
            )
        }
        guard let json = try? JSONValue(parsing: text), let object = json.objectValue else {
            throw ModalTokenError(code: .secretInvalid, message: "secret \(secretID) is not \(expected)")
        }
        var parts: [String] = []
        for key in [tokenIDKey, tokenSecretKey] {
            guard let part = object[key]?.stringValue?.trimming(.unicode), !part.isEmpty else {
                throw ModalTokenError(
                    code: .secretInvalid,
                    message: "secret \(secretID) has no string member \"\(key)\"; it must hold \(expected)"
                )
            }
            parts.append(part)
        }
        for (part, key, prefix, proxyPrefix) in [
            (parts[0], tokenIDKey, ModalTokenPair.tokenIDPrefix, "wk-"),
            (parts[1], tokenSecretKey, ModalTokenPair.tokenSecretPrefix, "ws-"),
        ] where !part.hasPrefix(prefix) {
            if part.hasPrefix(proxyPrefix) {
                throw ModalTokenError(
                    code: .secretInvalid,
                    message: "secret \(secretID): \"\(key)\" holds a Modal proxy token (\(proxyPrefix)…), not an API "
                        + "token (\(prefix)…)"
                )
            }
            throw ModalTokenError(
                code: .secretPlaceholder,
                message: "secret \(secretID) still holds a placeholder: \"\(key)\" does not start with \(prefix); "
                    + "store \(expected) with a Modal API token (modal token new)"
            )
        }
        return ModalTokenPair(tokenID: parts[0], tokenSecret: parts[1])
    }
}
