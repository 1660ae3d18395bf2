import TestSupport
import Testing

/// The shared secret-hygiene check of the integration tests: records an issue for every secret (see
/// ``SecretHygiene``) that reached `output`.
func expectNoSecrets(
    in output: String,
    secrets: [String],
    _ what: String = "output",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let leaks = SecretHygiene.leaks(in: output, secrets: secrets)
    #expect(leaks.isEmpty, "a secret reached the \(what): \(leaks)", sourceLocation: sourceLocation)
}

/// The check itself must be able to fail.
@Suite struct SecretHygieneTests {
    @Test func findsEverySecretKindAndIgnoresShortValues() {
        let environment = [
            "MODAL_TOKEN_ID": "ak-0123456789", "MODAL_TOKEN_SECRET": "as-abcdefghij",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG", "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEJr//////////",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "MODAL_APP_NAME": "test-app", "MODAL_FUNCTION_NAME": "x",
        ]
        let secrets = SecretHygiene.secrets(environment: environment, extra: ["as-from-the-secret", "short"])
        #expect(secrets.count == 5)
        #expect(!secrets.contains("AKIAEXAMPLE"))
        #expect(SecretHygiene.leaks(in: "all clean: ak-0123…, <redacted>", secrets: secrets).isEmpty)
        for secret in secrets {
            let leaks = SecretHygiene.leaks(in: "{\"message\":\"x \(secret) y\"}", secrets: secrets)
            #expect(leaks.count == 1)
            #expect(leaks.allSatisfy { !$0.contains(secret) }, "the report must not repeat the secret")
        }
    }
}
