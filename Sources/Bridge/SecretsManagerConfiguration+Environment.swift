package import LambdaRuntime
package import SecretsManager
package import SigV4

extension SecretsManagerConfiguration {
    /// Reads the configuration the way the AWS SDKs do:
    /// - region: `AWS_REGION`, then `AWS_DEFAULT_REGION` (required);
    /// - endpoint: `AWS_ENDPOINT_URL_SECRETS_MANAGER`, then `AWS_ENDPOINT_URL`, then the region's default (FIPS
    ///   variant with `AWS_USE_FIPS_ENDPOINT=true`); `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores both URLs;
    /// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    package init(environment: Environment) throws(ConfigurationError) {
        let region = try Self.region(environment)
        let useFIPS = try Self.flag("AWS_USE_FIPS_ENDPOINT", environment)
        let ignoreURLs = try Self.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", environment)
        let endpoint = try ignoreURLs ? nil : Self.customEndpoint(environment)
        self.init(
            region: region,
            credentials: try SigningCredentials(environment: environment),
            endpoint: endpoint,
            useFIPS: useFIPS
        )
    }

    /// `AWS_REGION`, then `AWS_DEFAULT_REGION`; lowercase letters, digits and `-` only.
    static func region(_ environment: Environment) throws(ConfigurationError) -> String {
        guard let setting = environment.first(of: ["AWS_REGION", "AWS_DEFAULT_REGION"]) else {
            throw .missing("AWS_REGION", hint: " (nor AWS_DEFAULT_REGION)")
        }
        guard isValidRegion(setting.value) else {
            throw ConfigurationError(
                variable: setting.variable,
                message: "\(setting.variable) is not a region name (got \"\(setting.value.prefix(64))\")"
            )
        }
        return setting.value
    }

    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER`, then `AWS_ENDPOINT_URL`: an http(s) URL with a host.
    static func customEndpoint(_ environment: Environment) throws(ConfigurationError) -> SecretsManagerEndpoint? {
        guard let setting = environment.first(of: ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"]) else {
            return nil
        }
        guard let endpoint = SecretsManagerEndpoint(url: setting.value, isCustom: true) else {
            throw ConfigurationError(
                variable: setting.variable,
                message: "\(setting.variable) is not an http(s) URL with a host (got \"\(setting.value.prefix(200))\")"
            )
        }
        return endpoint
    }

    /// `true` or `false`, in any case.
    static func trueOrFalse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// A boolean variable: `true`/`false` in any case; unset is `false`.
    static func flag(_ variable: String, _ environment: Environment) throws(ConfigurationError) -> Bool {
        try environment.value(
            variable,
            trueOrFalse,
            problem: { "must be true or false (got \"\($0.prefix(32))\")" }
        ) ?? false
    }
}

extension SigningCredentials {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (both required, no whitespace inside) and `AWS_SESSION_TOKEN`
    /// (optional; Lambda sets all three). The messages never show the values.
    package init(environment: Environment) throws(ConfigurationError) {
        var parts: [String] = []
        for variable in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            let value = try environment.required(variable, hint: " (needed to call Secrets Manager)")
            guard !value.contains(where: \.isWhitespace) else {
                throw ConfigurationError(variable: variable, message: "\(variable) must not contain whitespace")
            }
            parts.append(value)
        }
        self.init(accessKeyID: parts[0], secretAccessKey: parts[1], sessionToken: environment["AWS_SESSION_TOKEN"])
    }
}
