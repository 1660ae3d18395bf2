import SecretsManager
import SigV4
import Testing

/// The configuration from values: default endpoints per partition, and credentials that never show in descriptions.
/// (Reading it from the environment is the bridge's: `BridgeTests/SecretsManagerEnvironmentTests`.)
@Suite("Secrets Manager configuration")
struct ConfigurationTests {
    static let credentials = SigningCredentials(
        accessKeyID: "AKIAEXAMPLEKEY000001",
        secretAccessKey: "secret/key+EXAMPLE",
        sessionToken: "TOKENVALUE123"
    )

    @Test func defaultEndpointAndFIPS() {
        let plain = SecretsManagerConfiguration(region: "us-east-1", credentials: Self.credentials)
        #expect(plain.endpoint.url == "https://secretsmanager.us-east-1.amazonaws.com/")
        #expect(plain.endpoint.hostHeader == "secretsmanager.us-east-1.amazonaws.com")
        #expect(!plain.endpoint.isCustom)
        let fips = SecretsManagerConfiguration(region: "us-gov-west-1", credentials: Self.credentials, useFIPS: true)
        #expect(fips.endpoint.url == "https://secretsmanager-fips.us-gov-west-1.amazonaws.com/")
    }

    @Test(arguments: [
        ("us-east-1", "amazonaws.com"), ("cn-north-1", "amazonaws.com.cn"), ("us-gov-east-1", "amazonaws.com"),
        ("us-iso-east-1", "c2s.ic.gov"), ("us-isob-east-1", "sc2s.sgov.gov"), ("eu-isoe-west-1", "cloud.adc-e.uk"),
        ("us-isof-south-1", "csp.hci.ic.gov"), ("eusc-de-east-1", "amazonaws.eu"), ("mars-central-1", "amazonaws.com"),
        ("cn-north", "amazonaws.com"),
    ])
    func partitionSuffix(region: String, suffix: String) {
        #expect(SecretsManagerConfiguration.dnsSuffix(region: region) == suffix)
    }

    @Test(arguments: ["us-east-1", "eu-west-1", "cn-north-1"])
    func validRegions(region: String) {
        #expect(SecretsManagerConfiguration.isValidRegion(region))
    }

    @Test(arguments: ["", "EU_WEST", "eu-west-1.evil.com/", "-us-east-1", "us-east-1-"])
    func invalidRegions(region: String) {
        #expect(!SecretsManagerConfiguration.isValidRegion(region))
    }

    @Test func descriptionsHideTheCredentials() {
        let text =
            "\(Self.credentials) \(SecretsManagerConfiguration(region: "us-east-1", credentials: Self.credentials))"
        #expect(!text.contains("EXAMPLEKEY000001"))
        #expect(!text.contains("secret/key"))
        #expect(!text.contains("TOKENVALUE123"))
    }
}
