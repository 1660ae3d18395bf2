/// The parts of a Secrets Manager ARN, `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`.
struct SecretARN: Sendable, Hashable {
    var partition: String
    var region: String
    var account: String
    var name: String

    /// `nil` when `text` is a plain secret name or not a Secrets Manager secret ARN.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "secretsmanager", parts[5] == "secret",
            !parts[1].isEmpty, SecretsManagerConfiguration.isValidRegion(parts[3]), !parts[6].isEmpty
        else { return nil }
        self.partition = String(parts[1])
        self.region = String(parts[3])
        self.account = String(parts[4])
        self.name = String(parts[6])
    }
}
