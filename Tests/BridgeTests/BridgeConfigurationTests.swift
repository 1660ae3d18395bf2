import Bridge
import EventDispatch
import JSON
import LambdaRuntime
import ModalClient
import Testing

@Suite struct BridgeConfigurationTests {
    static let base: [String: String] = [
        "MODAL_APP_NAME": "etl",
        "MODAL_FUNCTION_NAME": "ingest",
        "MODAL_INTEGRATION_PATTERN": "remote",
        "MODAL_TOKEN_ID": "ak-test",
        "MODAL_TOKEN_SECRET": "as-test",
    ]

    private func configuration(_ changes: [String: String?]) throws(ConfigurationError) -> BridgeConfiguration {
        var environment = Self.base
        for (key, value) in changes { environment[key] = value }
        return try BridgeConfiguration(environment: environment)
    }

    @Test func defaults() throws {
        let configuration = try configuration([:])
        #expect(configuration.function.appName == "etl")
        #expect(configuration.function.functionName == "ingest")
        #expect(configuration.function.environmentName == nil)
        #expect(configuration.pattern == .remote)
        #expect(configuration.parameters == .object(JSONObject()))
        #expect(configuration.dispatch.mode == .event)
        #expect(configuration.dispatch.concurrency == 10)
        #expect(configuration.dispatch.unwrapNested)
        #expect(configuration.dispatch.streamOrdering == .shard)
        #expect(configuration.secretsManager == nil)
    }

    @Test func everyVariable() throws {
        let configuration = try configuration([
            "MODAL_ENVIRONMENT_NAME": "staging",
            "MODAL_INTEGRATION_PATTERN": "SPAWN",
            "PARAMETERS": #"{"bucket":"b","ratio":1.0,"n":1}"#,
            "MODAL_BRIDGE_DISPATCH_MODE": "record",
            "MODAL_BRIDGE_CONCURRENCY": "25",
            "MODAL_BRIDGE_UNWRAP_NESTED": "false",
            "MODAL_BRIDGE_STREAM_ORDERING": "Partition-Key",
        ])
        #expect(configuration.function.environmentName == "staging")
        #expect(configuration.pattern == .spawn)
        #expect(configuration.dispatch.pattern == .spawn)
        #expect(configuration.parameters.serializedString() == #"{"bucket":"b","ratio":1.0,"n":1}"#)
        #expect(configuration.dispatch.mode == .record)
        #expect(configuration.dispatch.concurrency == 25)
        #expect(!configuration.dispatch.unwrapNested)
        #expect(configuration.dispatch.streamOrdering == .partitionKey)
    }

    @Test func modalEnvironmentIsAFallback() throws {
        #expect(try configuration(["MODAL_ENVIRONMENT": "dev"]).function.environmentName == "dev")
        #expect(
            try configuration(["MODAL_ENVIRONMENT": "dev", "MODAL_ENVIRONMENT_NAME": "prod"]).function.environmentName
                == "prod"
        )
    }

    @Test(arguments: [
        ("MODAL_APP_NAME", nil as String?),
        ("MODAL_APP_NAME", "  "),
        ("MODAL_APP_NAME", "my app"),
        ("MODAL_FUNCTION_NAME", nil),
        ("MODAL_FUNCTION_NAME", "a/b"),
        ("MODAL_INTEGRATION_PATTERN", nil),
        ("MODAL_INTEGRATION_PATTERN", "async"),
        ("PARAMETERS", "[1,2]"),
        ("PARAMETERS", "{bad json"),
        ("MODAL_BRIDGE_DISPATCH_MODE", "batch"),
        ("MODAL_BRIDGE_CONCURRENCY", "0"),
        ("MODAL_BRIDGE_CONCURRENCY", "ten"),
        ("MODAL_BRIDGE_UNWRAP_NESTED", "maybe"),
        ("MODAL_BRIDGE_STREAM_ORDERING", "random"),
        ("MODAL_BRIDGE_BATCH", "many"),
        ("MODAL_SERVER_URL", "ftp://api.modal.com"),
        ("MODAL_TOKEN_ID", "not-a-token"),
    ])
    func invalidValuesNameTheVariable(variable: String, value: String?) {
        do throws(ConfigurationError) {
            _ = try configuration([variable: value])
            Issue.record("expected \(variable)=\(value ?? "<unset>") to be rejected")
        } catch {
            #expect(error.variable == variable)
            #expect(error.errorType == "Config.Invalid")
            #expect(error.errorMessage.contains(variable))
            #expect(!error.errorMessage.contains("as-test"))
        }
    }

    @Test func secretARNSelectsSecretsManager() throws {
        let configuration = try configuration([
            "MODAL_TOKEN_ID": nil,
            "MODAL_TOKEN_SECRET": nil,
            "MODAL_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:modal-token-AbCdEf",
            "AWS_REGION": "eu-west-1",
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ])
        #expect(configuration.secretsManager != nil)
    }

    @Test func noTokenAtAllIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) {
            try configuration(["MODAL_TOKEN_ID": nil, "MODAL_TOKEN_SECRET": nil])
        }
    }
}
