/// The secret-hygiene rule of every integration test: whatever a run printed (stdout, stderr, an HTTP answer)
/// never contains the Modal token (id or secret), the AWS secret access key or the session token.
package enum SecretHygiene {
    /// Environment variables whose values are secrets.
    package static let secretVariables = [
        "MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    ]

    /// The secrets of a run: the values of ``secretVariables`` in `environment`, plus `extra` (e.g. the token held
    /// in Secrets Manager). Values shorter than 8 characters are ignored (they would match by chance).
    package static func secrets(environment: [String: String], extra: [String] = []) -> [String] {
        let values = secretVariables.compactMap { environment[$0] } + extra
        return Array(Set(values.filter { $0.count >= 8 })).sorted()
    }

    /// The secrets (from ``secrets(environment:extra:)``) that appear in `output`, shortened so the failure message
    /// does not print them either.
    package static func leaks(in output: String, secrets: [String]) -> [String] {
        secrets.filter { output.contains($0) }.map { String($0.prefix(4)) + "…(\($0.count) characters)" }
    }
}
