/// AWS credentials from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`; Lambda
/// sets all three). `description` never shows the secret key or the token, and only the key type of the key ID.
package struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key ID.
    package var accessKeyID: String
    /// The secret access key. Secret.
    package var secretAccessKey: String
    /// The session token of temporary credentials. Secret.
    package var sessionToken: String?

    /// Credentials from their parts; an empty session token counts as none.
    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken?.isEmpty == true ? nil : sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (both required) and `AWS_SESSION_TOKEN` (optional).
    package init(environment: [String: String]) throws(SecretsManagerError) {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty else {
            throw .configInvalid("AWS_ACCESS_KEY_ID", "is not set (needed to call Secrets Manager)")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw .configInvalid("AWS_SECRET_ACCESS_KEY", "is not set (needed to call Secrets Manager)")
        }
        guard !keyID.contains(where: \.isWhitespace), !secret.contains(where: \.isWhitespace) else {
            throw .configInvalid("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", "must not contain whitespace")
        }
        self.init(accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    /// Every credential string, for redacting them from text that came back from the service.
    var secretStrings: [String] {
        [accessKeyID, secretAccessKey, sessionToken].compactMap { $0 }.filter { $0.count >= 4 }
    }

    package var description: String {
        let keyType = accessKeyID.isEmpty ? "<empty>" : String(accessKeyID.prefix(4)) + "…"
        return "AWSCredentials(accessKeyID: \(keyType), secretAccessKey: <redacted>, "
            + "sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }
}
