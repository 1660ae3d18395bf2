import Bridge
import EventDispatch
import JSON
import LambdaRuntime
import ModalClient
import SecretsManager
import SigV4
import Testing

/// Each concern's parser on its own: the function, the pattern, `PARAMETERS`, dispatch, the token source.
@Suite struct ConfigurationParserTests {
    @Test func functionReference() throws {
        let reference = try ModalFunctionReference(
            environment: Environment([
                "MODAL_APP_NAME": " etl ", "MODAL_FUNCTION_NAME": "ingest\n", "MODAL_ENVIRONMENT": "dev",
            ])
        )
        #expect(reference == ModalFunctionReference(appName: "etl", functionName: "ingest", environmentName: "dev"))
        let named = try ModalFunctionReference(
            environment: Environment([
                "MODAL_APP_NAME": "a", "MODAL_FUNCTION_NAME": "f", "MODAL_ENVIRONMENT": "dev",
                "MODAL_ENVIRONMENT_NAME": "prod",
            ])
        )
        #expect(named.environmentName == "prod")
        let blank = try ModalFunctionReference(
            environment: Environment(["MODAL_APP_NAME": "a", "MODAL_FUNCTION_NAME": "f", "MODAL_ENVIRONMENT_NAME": " "])
        )
        #expect(blank.environmentName == nil)
    }

    @Test(arguments: [("spawn", IntegrationPattern.spawn), ("REMOTE", .remote), (" Spawn ", .spawn)])
    func pattern(text: String, pattern: IntegrationPattern) throws {
        #expect(try IntegrationPattern(environment: Environment(["MODAL_INTEGRATION_PATTERN": text])) == pattern)
    }

    @Test func parameters() throws {
        #expect(try BridgeConfiguration.parameters(Environment([:])) == .object(JSONObject()))
        #expect(try BridgeConfiguration.parameters(Environment(["PARAMETERS": "  "])) == .object(JSONObject()))
        let parsed = try BridgeConfiguration.parameters(Environment(["PARAMETERS": #" {"n": 1.50} "#]))
        #expect(parsed.serializedString() == #"{"n":1.50}"#)
        let error = try #require(throws: ConfigurationError.self) {
            try BridgeConfiguration.parameters(Environment(["PARAMETERS": "{bad"]))
        }
        #expect(error.underlying is JSONError)
    }

    @Test func dispatch() throws {
        let defaults = try DispatchConfiguration(environment: Environment([:]), pattern: .spawn)
        #expect(defaults.pattern == .spawn)
        #expect(defaults.mode == .event)
        #expect(defaults.concurrency == 10)
        #expect(defaults.unwrapNested)
        #expect(defaults.streamOrdering == .shard)
        #expect(defaults.batch == .map)
        let custom = try DispatchConfiguration(
            environment: Environment([
                "MODAL_BRIDGE_DISPATCH_MODE": "Record", "MODAL_BRIDGE_CONCURRENCY": " 1000 ",
                "MODAL_BRIDGE_UNWRAP_NESTED": "NO", "MODAL_BRIDGE_STREAM_ORDERING": "partition-key",
                "MODAL_BRIDGE_BATCH": "Unary",
            ]),
            pattern: .remote
        )
        #expect(custom.mode == .record)
        #expect(custom.concurrency == 1000)
        #expect(!custom.unwrapNested)
        #expect(custom.streamOrdering == .partitionKey)
        #expect(custom.batch == .unary)
    }

    @Test(arguments: [("true", true), ("1", true), ("Yes", true), ("FALSE", false), ("0", false), ("no", false)])
    func unwrapNestedSpellings(text: String, value: Bool) throws {
        let environment = Environment(["MODAL_BRIDGE_UNWRAP_NESTED": text])
        #expect(try DispatchConfiguration(environment: environment, pattern: .remote).unwrapNested == value)
    }

    @Test func directTokenWinsAndAWSIsNotRead() throws {
        let source = try ModalTokenSource(
            environment: Environment([
                "MODAL_TOKEN_ID": " ak-local ", "MODAL_TOKEN_SECRET": "as-local", "MODAL_SECRET_ARN": "modal/token",
            ])
        )
        guard case .direct(let pair) = source else {
            Issue.record("expected the direct source")
            return
        }
        #expect(pair == ModalTokenPair(tokenID: "ak-local", tokenSecret: "as-local"))
        #expect(!"\(source)".contains("local"))
    }

    @Test func secretWithDefaults() throws {
        let source = try ModalTokenSource(
            environment: Environment([
                "MODAL_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:1:secret:x", "AWS_REGION": "eu-west-1",
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG",
            ])
        )
        guard case .secretsManager(let secret, let service) = source else {
            Issue.record("expected the Secrets Manager source")
            return
        }
        #expect(secret.secretID == "arn:aws:secretsmanager:eu-west-1:1:secret:x")
        #expect(secret.tokenIDKey == "MODAL_TOKEN_ID")
        #expect(secret.tokenSecretKey == "MODAL_TOKEN_SECRET")
        #expect(secret.cacheTTL == .seconds(300))
        #expect(secret.gracePeriod == .seconds(900))
        #expect(service.region == "eu-west-1")
        #expect(service.credentials.accessKeyID == "AKIDEXAMPLE")
        #expect("\(source)" == "Secrets Manager secret arn:aws:secretsmanager:eu-west-1:1:secret:x")
    }

    @Test func secretKeysAndTimes() throws {
        let source = try ModalTokenSource(
            environment: Environment([
                "MODAL_SECRET_ARN": "modal/token", "MODAL_TOKEN_ID_KEY": "id", "MODAL_TOKEN_SECRET_KEY": "secret",
                "MODAL_TOKEN_CACHE_TTL_SECONDS": "0", "MODAL_TOKEN_GRACE_SECONDS": " 60 ", "AWS_REGION": "us-east-1",
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
            ])
        )
        guard case .secretsManager(let secret, _) = source else {
            Issue.record("expected the Secrets Manager source")
            return
        }
        #expect(secret.tokenIDKey == "id")
        #expect(secret.tokenSecretKey == "secret")
        #expect(secret.cacheTTL == .zero)
        #expect(secret.gracePeriod == .seconds(60))
    }

    /// The token settings are checked with a direct token too (as before the parsers were split).
    @Test func tokenSettingsAreValidatedWithADirectToken() {
        let error = try? #require(throws: ConfigurationError.self) {
            try ModalTokenSource(
                environment: Environment([
                    "MODAL_TOKEN_ID": "ak-1", "MODAL_TOKEN_SECRET": "as-1", "MODAL_TOKEN_GRACE_SECONDS": "forever",
                ])
            )
        }
        #expect(error?.variable == "MODAL_TOKEN_GRACE_SECONDS")
    }

    @Test(arguments: ["", "bootstrap", "bridge", " bridge "])
    func handlerNamesOfTheBridge(name: String) throws {
        var values = BridgeConfigurationTests.base
        values["_HANDLER"] = name
        guard case .bridge(let configuration) = try BootstrapConfiguration(environment: Environment(values)) else {
            Issue.record("expected the bridge")
            return
        }
        #expect(configuration.function.appName == "etl")
    }

    @Test func echoNeedsNoBridgeVariables() throws {
        guard case .echo = try BootstrapConfiguration(environment: Environment(["_HANDLER": "echo"])) else {
            Issue.record("expected the echo handler")
            return
        }
    }
}
