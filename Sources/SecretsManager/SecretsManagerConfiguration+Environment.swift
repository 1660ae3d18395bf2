extension SecretsManagerConfiguration {
    /// Reads the configuration the way the AWS SDKs do:
    /// - region: `AWS_REGION`, then `AWS_DEFAULT_REGION` (required);
    /// - endpoint: `AWS_ENDPOINT_URL_SECRETS_MANAGER`, then `AWS_ENDPOINT_URL`, then the region's default (FIPS
    ///   variant with `AWS_USE_FIPS_ENDPOINT=true`); `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores both URLs;
    /// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    ///
    /// Throws `Config.Invalid` naming the variable that is missing or malformed.
    package init(environment: [String: String]) throws(SecretsManagerError) {
        let region = try Self.region(environment)
        let useFIPS = try Self.flag("AWS_USE_FIPS_ENDPOINT", environment)
        let ignoreURLs = try Self.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", environment)
        var endpoint: SecretsManagerEndpoint?
        if !ignoreURLs {
            for variable in ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"] {
                guard let text = environment[variable], !text.isEmpty else { continue }
                guard let parsed = SecretsManagerEndpoint(url: text, isCustom: true) else {
                    throw .configInvalid(variable, "is not an http(s) URL with a host (got \"\(text.prefix(200))\")")
                }
                endpoint = parsed
                break
            }
        }
        self.init(
            region: region,
            credentials: try AWSCredentials(environment: environment),
            endpoint: endpoint,
            useFIPS: useFIPS
        )
    }

    /// `AWS_REGION`, then `AWS_DEFAULT_REGION`; lowercase letters, digits and `-` only.
    static func region(_ environment: [String: String]) throws(SecretsManagerError) -> String {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            guard let region = environment[variable], !region.isEmpty else { continue }
            guard isValidRegion(region) else {
                throw .configInvalid(variable, "is not a region name (got \"\(region.prefix(64))\")")
            }
            return region
        }
        throw .configInvalid("AWS_REGION", "is not set (nor AWS_DEFAULT_REGION)")
    }

    /// Whether `text` looks like a region name (`[a-z0-9-]`, at most 64 characters, no leading or trailing `-`).
    static func isValidRegion(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.count <= 64 && !text.hasPrefix("-") && !text.hasSuffix("-")
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            }
    }

    /// A boolean variable: `true`/`false` in any case; absent or empty is `false`.
    static func flag(_ variable: String, _ environment: [String: String]) throws(SecretsManagerError) -> Bool {
        guard let text = environment[variable], !text.isEmpty else { return false }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .configInvalid(variable, "must be true or false (got \"\(text.prefix(32))\")")
        }
    }
}
