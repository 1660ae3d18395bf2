import Bridge
import LambdaRuntime
import SecretsManager
import SigV4
import Testing

/// `SecretsManagerConfiguration(environment:)`, the bridge's parser of the AWS variables.
@Suite("Secrets Manager configuration from the environment")
struct SecretsManagerEnvironmentTests {
    static let keys = ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLEKEY000001", "AWS_SECRET_ACCESS_KEY": "secret/key+EXAMPLE"]

    func configuration(_ extra: [String: String]) throws(ConfigurationError) -> SecretsManagerConfiguration {
        try SecretsManagerConfiguration(environment: Environment(Self.keys.merging(extra) { $1 }))
    }

    func configError(_ extra: [String: String], environment: [String: String]? = nil) -> ConfigurationError? {
        do {
            _ = try SecretsManagerConfiguration(
                environment: Environment(environment ?? Self.keys.merging(extra) { $1 })
            )
            return nil
        } catch {
            return error
        }
    }
    @Test func regionPrefersAWSRegion() throws {
        #expect(
            try configuration(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-1"]).region == "eu-west-1"
        )
        #expect(try configuration(["AWS_DEFAULT_REGION": "us-east-2"]).region == "us-east-2")
        #expect(try configuration(["AWS_REGION": "", "AWS_DEFAULT_REGION": "us-east-2"]).region == "us-east-2")
    }

    @Test func missingOrBadRegionNamesTheVariable() {
        let missing = configError([:])
        #expect(missing?.errorType == "Config.Invalid")
        #expect(missing?.message.contains("AWS_REGION") == true)
        #expect(configError(["AWS_REGION": "eu-west-1.evil.com/"])?.message.hasPrefix("AWS_REGION") == true)
        #expect(configError(["AWS_DEFAULT_REGION": "EU_WEST"])?.message.hasPrefix("AWS_DEFAULT_REGION") == true)
    }

    @Test func defaultEndpointAndFIPS() throws {
        let plain = try configuration(["AWS_REGION": "us-east-1"])
        #expect(plain.endpoint.url == "https://secretsmanager.us-east-1.amazonaws.com/")
        #expect(plain.endpoint.hostHeader == "secretsmanager.us-east-1.amazonaws.com")
        #expect(!plain.endpoint.isCustom)
        let fips = try configuration(["AWS_REGION": "us-gov-west-1", "AWS_USE_FIPS_ENDPOINT": "TRUE"])
        #expect(fips.endpoint.url == "https://secretsmanager-fips.us-gov-west-1.amazonaws.com/")
        let china = try configuration(["AWS_REGION": "cn-northwest-1", "AWS_USE_FIPS_ENDPOINT": "false"])
        #expect(china.endpoint.host == "secretsmanager.cn-northwest-1.amazonaws.com.cn")
        let bad = configError(["AWS_REGION": "us-east-1", "AWS_USE_FIPS_ENDPOINT": "yes"])
        #expect(bad?.variable == "AWS_USE_FIPS_ENDPOINT")
        #expect(bad?.message.hasPrefix("AWS_USE_FIPS_ENDPOINT") == true)
    }

    @Test func endpointPrecedence() throws {
        let both = try configuration([
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "https://SM.Example.com:8443/base/",
        ])
        #expect(both.endpoint.url == "https://sm.example.com:8443/base/")
        #expect(both.endpoint.hostHeader == "sm.example.com:8443")
        #expect(both.endpoint.path == "/base/")
        #expect(both.endpoint.isCustom)
        #expect(both.region == "us-east-1")
        let general = try configuration(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"])
        #expect(general.endpoint.url == "http://127.0.0.1:4566/")
        #expect(general.endpoint.hostHeader == "127.0.0.1:4566")
        let defaultPort = try configuration(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "https://h.example:443"])
        #expect(defaultPort.endpoint.hostHeader == "h.example")
        let ipv6 = try configuration(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://[::1]:9000"])
        #expect(ipv6.endpoint.hostHeader == "[::1]:9000")
        let ignored = try configuration([
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        #expect(ignored.endpoint.url == "https://secretsmanager.us-east-1.amazonaws.com/")
    }

    @Test(arguments: ["ftp://x", "http://", "127.0.0.1:4566", "http://user:pw@h", "http://h:99999", "http://h/?q=1"])
    func badEndpointNamesTheVariable(url: String) {
        let error = configError(["AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_SECRETS_MANAGER": url])
        #expect(error?.variable == "AWS_ENDPOINT_URL_SECRETS_MANAGER")
        #expect(error?.message.hasPrefix("AWS_ENDPOINT_URL_SECRETS_MANAGER") == true)
    }

    @Test func credentials() throws {
        let withToken = try SigningCredentials(
            environment: Environment(Self.keys.merging(["AWS_SESSION_TOKEN": "TOKENVALUE123"]) { $1 })
        )
        #expect(withToken.sessionToken == "TOKENVALUE123")
        #expect(
            try SigningCredentials(environment: Environment(Self.keys.merging(["AWS_SESSION_TOKEN": " "]) { $1 }))
                .sessionToken == nil
        )
        let text = "\(withToken) \(try configuration(["AWS_REGION": "us-east-1"]))"
        #expect(!text.contains("EXAMPLEKEY000001"))
        #expect(!text.contains("secret/key"))
        #expect(!text.contains("TOKENVALUE123"))
        for missing in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            var environment = Self.keys.merging(["AWS_REGION": "us-east-1"]) { $1 }
            environment[missing] = nil
            let error = configError([:], environment: environment)
            #expect(error?.errorType == "Config.Invalid")
            #expect(error?.message.hasPrefix(missing) == true)
            #expect(error?.variable == missing)
            #expect(error?.code == .missing)
        }
    }
}
