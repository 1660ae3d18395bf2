package import LambdaRuntime
import ModalClient
import SecretsManager

extension ModalTokenSource {
    /// `MODAL_TOKEN_ID` + `MODAL_TOKEN_SECRET` (both set: used directly), else `MODAL_SECRET_ARN` with
    /// `MODAL_TOKEN_ID_KEY`, `MODAL_TOKEN_SECRET_KEY`, `MODAL_TOKEN_CACHE_TTL_SECONDS`, `MODAL_TOKEN_GRACE_SECONDS`
    /// (validated in both cases) and the AWS variables of ``SecretsManagerConfiguration`` (read only then).
    package init(environment: Environment) throws(ConfigurationError) {
        let direct = try Self.directToken(environment)
        var secretID = ""
        if direct == nil { secretID = try Self.secretID(environment) }
        let secret = ModalTokenSecret(
            secretID: secretID,
            tokenIDKey: try Self.key("MODAL_TOKEN_ID_KEY", environment) ?? ModalTokenSecret.defaultTokenIDKey,
            tokenSecretKey: try Self.key("MODAL_TOKEN_SECRET_KEY", environment)
                ?? ModalTokenSecret.defaultTokenSecretKey,
            cacheTTL: try Self.seconds("MODAL_TOKEN_CACHE_TTL_SECONDS", environment)
                ?? ModalTokenSecret.defaultCacheTTL,
            gracePeriod: try Self.seconds("MODAL_TOKEN_GRACE_SECONDS", environment)
                ?? ModalTokenSecret.defaultGracePeriod
        )
        if let direct {
            self = .direct(direct)
        } else {
            self = .secretsManager(secret, service: try SecretsManagerConfiguration(environment: environment))
        }
    }

    /// The pair from `MODAL_TOKEN_ID`/`MODAL_TOKEN_SECRET`; `nil` when neither is set; an error when one is missing
    /// or is not an API token (`ak-…`/`as-…`). The messages never show the values.
    static func directToken(_ environment: Environment) throws(ConfigurationError) -> ModalTokenPair? {
        switch (environment["MODAL_TOKEN_ID"], environment["MODAL_TOKEN_SECRET"]) {
        case (let id?, let secret?):
            guard id.hasPrefix(ModalTokenPair.tokenIDPrefix) else {
                throw ConfigurationError(
                    variable: "MODAL_TOKEN_ID",
                    message: "MODAL_TOKEN_ID must be a Modal token ID starting with ak-"
                )
            }
            guard secret.hasPrefix(ModalTokenPair.tokenSecretPrefix) else {
                throw ConfigurationError(
                    variable: "MODAL_TOKEN_SECRET",
                    message: "MODAL_TOKEN_SECRET must be a Modal token secret starting with as-"
                )
            }
            return ModalTokenPair(tokenID: id, tokenSecret: secret)
        case (nil, _?):
            throw .missing("MODAL_TOKEN_ID", hint: " although MODAL_TOKEN_SECRET is")
        case (_?, nil):
            throw .missing("MODAL_TOKEN_SECRET", hint: " although MODAL_TOKEN_ID is")
        case (nil, nil):
            return nil
        }
    }

    /// `MODAL_SECRET_ARN`: required without a direct token; an ARN or name without whitespace, ≤ 2048 characters.
    static func secretID(_ environment: Environment) throws(ConfigurationError) -> String {
        let secretID = try environment.required(
            "MODAL_SECRET_ARN",
            hint: " (set it to the ARN of the Modal token secret, or set MODAL_TOKEN_ID and MODAL_TOKEN_SECRET for "
                + "local use)"
        )
        guard secretID.count <= 2048, !secretID.contains(where: \.isWhitespace) else {
            throw ConfigurationError(
                variable: "MODAL_SECRET_ARN",
                message: "MODAL_SECRET_ARN must be a secret ARN or name without whitespace"
            )
        }
        return secretID
    }

    private static func key(_ variable: String, _ environment: Environment) throws(ConfigurationError) -> String? {
        try environment.value(
            variable,
            { $0.count <= 256 ? $0 : nil },
            problem: { _ in "is longer than 256 characters" }
        )
    }

    /// Whole seconds, 0 to 86400.
    private static func seconds(_ variable: String, _ environment: Environment) throws(ConfigurationError) -> Duration?
    {
        try environment.value(
            variable,
            { Int($0).flatMap { (0...86_400).contains($0) ? Duration.seconds($0) : nil } },
            problem: { "must be a whole number of seconds from 0 to 86400 (got \"\($0.prefix(32))\")" }
        )
    }
}
