import Bridge
import LambdaRuntime
import Testing

/// Every variable `bootstrap` reads that can be wrong, with a wrong (or missing) value: init fails with the
/// `ConfigurationError` whose `variable` field is that variable, and the message Lambda shows names it and never
/// holds a secret.
@Suite struct ConfigurationErrorTableTests {
    /// A complete configuration with the token in Secrets Manager (so the AWS variables are read).
    static let secretBase: [String: String] = [
        "MODAL_APP_NAME": "etl", "MODAL_FUNCTION_NAME": "ingest", "MODAL_INTEGRATION_PATTERN": "remote",
        "MODAL_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:modal-token-AbCdEf",
        "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE0000SECRET",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AWS_SESSION_TOKEN": "FQoGZXIvYXdzEXAMPLE",
    ]
    static let secretValues = ["AKIDEXAMPLE0000SECRET", "wJalrXUtnFEMI", "FQoGZXIvYXdzEXAMPLE", "as-test", "leakme"]

    struct Row: Sendable, CustomTestStringConvertible {
        var variable: String
        /// `nil`: the variable is removed.
        var value: String?
        var code: ConfigurationError.Code = .invalid
        /// Changes to ``secretBase`` besides the variable under test.
        var also: [String: String?] = [:]

        var testDescription: String { "\(variable)=\(value.map { "'\($0)'" } ?? "<unset>")" }
    }

    static let direct: [String: String?] = [
        "MODAL_SECRET_ARN": nil, "MODAL_TOKEN_ID": "ak-test", "MODAL_TOKEN_SECRET": "as-test",
    ]

    static let metricsOn: [String: String?] = ["MODAL_BRIDGE_METRICS": "emf", "AWS_LAMBDA_FUNCTION_NAME": "orders"]

    static let rows: [Row] = [
        Row(variable: "_HANDLER", value: "index.handler"),
        Row(variable: "MODAL_BRIDGE_EXECUTOR", value: "threads"),
        Row(variable: "MODAL_APP_NAME", value: nil, code: .missing),
        Row(variable: "MODAL_APP_NAME", value: " \t", code: .missing),
        Row(variable: "MODAL_APP_NAME", value: "my app"),
        Row(variable: "MODAL_FUNCTION_NAME", value: nil, code: .missing),
        Row(variable: "MODAL_FUNCTION_NAME", value: "a/b"),
        Row(variable: "MODAL_INTEGRATION_PATTERN", value: nil, code: .missing),
        Row(variable: "MODAL_INTEGRATION_PATTERN", value: "async"),
        Row(variable: "PARAMETERS", value: "[1,2]"),
        Row(variable: "PARAMETERS", value: "{bad json"),
        Row(variable: "MODAL_BRIDGE_DISPATCH_MODE", value: "batch"),
        Row(variable: "MODAL_BRIDGE_CONCURRENCY", value: "0"),
        Row(variable: "MODAL_BRIDGE_CONCURRENCY", value: "ten"),
        Row(variable: "MODAL_BRIDGE_UNWRAP_NESTED", value: "maybe"),
        Row(variable: "MODAL_BRIDGE_STREAM_ORDERING", value: "random"),
        Row(variable: "MODAL_BRIDGE_BATCH", value: "parallel"),
        Row(variable: "MODAL_BRIDGE_METRICS", value: "prometheus"),
        Row(variable: "AWS_LAMBDA_FUNCTION_NAME", value: nil, code: .missing, also: ["MODAL_BRIDGE_METRICS": "emf"]),
        Row(variable: "MODAL_BRIDGE_METRICS_NAMESPACE", value: "AWS/Lambda", also: metricsOn),
        Row(variable: "MODAL_BRIDGE_METRICS_DIMENSIONS", value: "Region", also: metricsOn),
        Row(variable: "MODAL_SERVER_URL", value: "ftp://api.modal.com"),
        Row(variable: "MODAL_SERVER_URL", value: "https://api.modal.com/v1"),
        Row(variable: "MODAL_MAX_THROTTLE_WAIT", value: "-1"),
        Row(variable: "MODAL_RECONNECT_AFTER_IDLE", value: "a day"),
        Row(variable: "MODAL_TOKEN_ID", value: "not-a-token", also: direct),
        Row(variable: "MODAL_TOKEN_ID", value: nil, code: .missing, also: direct),
        Row(variable: "MODAL_TOKEN_SECRET", value: "ws-leakme", also: direct),
        Row(variable: "MODAL_TOKEN_SECRET", value: nil, code: .missing, also: direct),
        Row(variable: "MODAL_SECRET_ARN", value: nil, code: .missing),
        Row(variable: "MODAL_SECRET_ARN", value: "modal token"),
        Row(variable: "MODAL_TOKEN_ID_KEY", value: String(repeating: "k", count: 257)),
        Row(variable: "MODAL_TOKEN_SECRET_KEY", value: String(repeating: "k", count: 257)),
        Row(variable: "MODAL_TOKEN_CACHE_TTL_SECONDS", value: "5m"),
        Row(variable: "MODAL_TOKEN_GRACE_SECONDS", value: "86401"),
        Row(variable: "AWS_REGION", value: nil, code: .missing),
        Row(variable: "AWS_REGION", value: "eu-west-1.evil.com/"),
        Row(variable: "AWS_DEFAULT_REGION", value: "EU_WEST", also: ["AWS_REGION": nil]),
        Row(variable: "AWS_USE_FIPS_ENDPOINT", value: "yes"),
        Row(variable: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", value: "1"),
        Row(variable: "AWS_ENDPOINT_URL_SECRETS_MANAGER", value: "ftp://x"),
        Row(variable: "AWS_ENDPOINT_URL", value: "127.0.0.1:4566"),
        Row(variable: "AWS_ACCESS_KEY_ID", value: nil, code: .missing),
        Row(variable: "AWS_ACCESS_KEY_ID", value: "AKID leakme"),
        Row(variable: "AWS_SECRET_ACCESS_KEY", value: nil, code: .missing),
        Row(variable: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI leakme"),
    ]

    @Test func theBaseIsValid() throws {
        _ = try BootstrapConfiguration(environment: Environment(Self.secretBase))
    }

    /// Failed on the old code for whitespace inside `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`: the variable was
    /// guessed from the message's first word (`AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`), which is no variable
    /// name, so the error named `MODAL_SECRET_ARN`.
    @Test(arguments: rows)
    func everyErrorNamesItsVariable(row: Row) {
        var values = Self.secretBase
        for (key, value) in row.also { values[key] = value }
        values[row.variable] = row.value
        do throws(ConfigurationError) {
            _ = try BootstrapConfiguration(environment: Environment(values))
            Issue.record("expected \(row.testDescription) to be rejected")
        } catch {
            #expect(error.variable == row.variable)
            #expect(error.code == row.code)
            #expect(error.errorType == "Config.Invalid")
            #expect(error.errorMessage.hasPrefix(row.variable), "\(error.errorMessage)")
            let diagnostic = Diagnostic(error)
            #expect(diagnostic.errorMessage == error.errorMessage)
            for secret in Self.secretValues {
                #expect(!diagnostic.errorMessage.contains(secret), "\(diagnostic.errorMessage)")
            }
        }
    }
}
