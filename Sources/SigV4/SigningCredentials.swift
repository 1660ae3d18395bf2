/// The AWS credentials a request is signed with. The secret key and the session token never appear in
/// `description`; the access key ID is shortened to its first four characters.
package struct SigningCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key ID (`AKIA…` for IAM users, `ASIA…` for temporary credentials).
    package var accessKeyID: String
    /// The secret access key. Secret.
    package var secretAccessKey: String
    /// The session token of temporary credentials, sent and signed as `X-Amz-Security-Token`. Secret.
    package var sessionToken: String?

    /// Credentials from their parts; an empty session token counts as none.
    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken?.isEmpty == true ? nil : sessionToken
    }

    package var description: String {
        "SigningCredentials(accessKeyID: \(Self.redactedKeyID(accessKeyID)), secretAccessKey: <redacted>, "
            + "sessionToken: \(sessionToken == nil ? "none" : "<redacted>"))"
    }

    /// The first four characters of an access key ID (the key type, `AKIA`/`ASIA`) followed by `…`.
    package static func redactedKeyID(_ keyID: String) -> String {
        keyID.isEmpty ? "<empty>" : String(keyID.prefix(4)) + "…"
    }
}
