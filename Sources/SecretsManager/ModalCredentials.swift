/// A Modal API token pair. Neither part appears in `description`.
package struct ModalCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The token ID (`ak-…`). Treated as a secret too: never logged.
    package var tokenID: String
    /// The token secret (`as-…`). Secret.
    package var tokenSecret: String

    /// A token pair from its parts (not validated; see `validated(source:)`).
    package init(tokenID: String, tokenSecret: String) {
        self.tokenID = tokenID
        self.tokenSecret = tokenSecret
    }

    /// The prefix of Modal API token IDs.
    package static let tokenIDPrefix = "ak-"
    /// The prefix of Modal API token secrets.
    package static let tokenSecretPrefix = "as-"

    package var description: String { "ModalCredentials(tokenID: <redacted>, tokenSecret: <redacted>)" }

    /// Both strings, for redaction and log checks.
    var secretStrings: [String] { [tokenID, tokenSecret] }
}
