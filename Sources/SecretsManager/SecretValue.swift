/// A GetSecretValue result. `description` never shows the value.
package struct SecretValue: Sendable, Hashable, CustomStringConvertible {
    /// The secret's ARN.
    package var arn: String?
    /// The secret's name.
    package var name: String?
    /// The version returned.
    package var versionID: String?
    /// The version's staging labels (`AWSCURRENT`, …).
    package var versionStages: [String]
    /// Creation time of the version, seconds since the epoch (AWS sends a fraction, moto an integer).
    package var createdDate: Double?
    /// The value when the secret holds text. Secret.
    package var secretString: String?
    /// The value when the secret holds bytes (decoded from the base64 in the response). Secret.
    package var secretBinary: [UInt8]?

    /// A value from its parts.
    package init(
        arn: String? = nil,
        name: String? = nil,
        versionID: String? = nil,
        versionStages: [String] = [],
        createdDate: Double? = nil,
        secretString: String? = nil,
        secretBinary: [UInt8]? = nil
    ) {
        self.arn = arn
        self.name = name
        self.versionID = versionID
        self.versionStages = versionStages
        self.createdDate = createdDate
        self.secretString = secretString
        self.secretBinary = secretBinary
    }

    package var description: String {
        let kind =
            secretString != nil ? "string" : secretBinary.map { "binary, \($0.count) bytes" } ?? "no value"
        return "SecretValue(arn: \(arn ?? "?"), version: \(versionID ?? "?"), stages: \(versionStages), "
            + "value: <redacted \(kind)>)"
    }
}
