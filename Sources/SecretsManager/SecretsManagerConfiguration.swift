package import SigV4

/// How to reach Secrets Manager: region, endpoint, credentials and the retry policy. Built from values (the bridge
/// reads them from the environment the way the AWS SDKs do).
package struct SecretsManagerConfiguration: Sendable, CustomStringConvertible {
    /// The region requests are signed for (and the default endpoint's region).
    package var region: String
    /// Where requests go.
    package var endpoint: SecretsManagerEndpoint
    /// Whether the default endpoint is the FIPS one (`AWS_USE_FIPS_ENDPOINT`).
    package var useFIPS: Bool
    /// The credentials requests are signed with.
    package var credentials: SigningCredentials
    /// HTTP attempts per call, the first included (3, like the SDKs' standard mode).
    package var maxAttempts: Int = 3
    /// Full-jitter backoff base for 5xx and connection errors.
    package var retryBaseDelay: Duration = .milliseconds(100)
    /// Full-jitter backoff base for throttling errors.
    package var throttlingBaseDelay: Duration = .milliseconds(500)
    /// Upper bound of one backoff (the SDKs use 20 s; a Lambda invocation cannot wait that long).
    package var maxRetryDelay: Duration = .seconds(2)
    /// Time limit of one attempt when the caller's deadline is later (or absent). AsyncHTTPClient keeps retrying
    /// a refused connection within an attempt until this runs out.
    package var attemptTimeout: Duration = .seconds(3)

    /// A configuration from its parts; without `endpoint`, the region's default endpoint.
    package init(
        region: String,
        credentials: SigningCredentials,
        endpoint: SecretsManagerEndpoint? = nil,
        useFIPS: Bool = false
    ) {
        self.region = region
        self.credentials = credentials
        self.useFIPS = useFIPS
        self.endpoint = endpoint ?? Self.defaultEndpoint(region: region, useFIPS: useFIPS)
    }

    /// The default endpoint of `region`: `https://secretsmanager[-fips].<region>.<partition DNS suffix>`.
    package static func defaultEndpoint(region: String, useFIPS: Bool) -> SecretsManagerEndpoint {
        SecretsManagerEndpoint(
            scheme: "https",
            host: "secretsmanager\(useFIPS ? "-fips" : "").\(region).\(dnsSuffix(region: region))",
            isCustom: false
        )
    }

    /// The DNS suffix of the partition `region` belongs to (the region patterns of botocore's `partitions.json`);
    /// unknown regions are taken to be in `aws`.
    package static func dnsSuffix(region: String) -> String {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func matches(_ prefix: [String]) -> Bool {
            // prefix…-<word>-<digits>, like ^cn\-\w+\-\d+$
            parts.count == prefix.count + 2 && Array(parts.prefix(prefix.count)) == prefix
                && !parts[prefix.count].isEmpty && parts[prefix.count].allSatisfy { $0.isLetter || $0.isNumber }
                && !parts[prefix.count + 1].isEmpty && parts[prefix.count + 1].allSatisfy(\.isNumber)
        }
        if matches(["cn"]) { return "amazonaws.com.cn" }
        if matches(["us", "gov"]) { return "amazonaws.com" }
        if matches(["us", "iso"]) { return "c2s.ic.gov" }
        if matches(["us", "isob"]) { return "sc2s.sgov.gov" }
        if matches(["eu", "isoe"]) { return "cloud.adc-e.uk" }
        if matches(["us", "isof"]) { return "csp.hci.ic.gov" }
        if matches(["eusc", "de"]) { return "amazonaws.eu" }
        return "amazonaws.com"
    }

    /// Whether `text` looks like a region name (`[a-z0-9-]`, at most 64 characters, no leading or trailing `-`).
    package static func isValidRegion(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.count <= 64 && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
    }

    package var description: String {
        "SecretsManagerConfiguration(region: \(region), endpoint: \(endpoint), fips: \(useFIPS), "
            + "credentials: \(credentials))"
    }
}
