/// Where the Modal token comes from, and how long it is cached.
package struct ModalTokenConfiguration: Sendable, CustomStringConvertible {
    /// The token's source.
    package enum Source: Sendable, CustomStringConvertible {
        /// `MODAL_TOKEN_ID`/`MODAL_TOKEN_SECRET` from the environment (local use); Secrets Manager is not called.
        case direct(ModalCredentials)
        /// The JSON secret named by `MODAL_SECRET_ARN`, read with GetSecretValue.
        case secretsManager(secretID: String)

        package var description: String {
            switch self {
            case .direct: "environment (MODAL_TOKEN_ID/MODAL_TOKEN_SECRET)"
            case .secretsManager(let secretID): "Secrets Manager secret \(secretID)"
            }
        }
    }

    /// The token's source.
    package var source: Source
    /// The secret's JSON key holding the token ID (`MODAL_TOKEN_ID`).
    package var tokenIDKey: String
    /// The secret's JSON key holding the token secret (`MODAL_TOKEN_SECRET`).
    package var tokenSecretKey: String
    /// How long a fetched token is served without asking Secrets Manager again (300 s; 0 fetches every time).
    package var cacheTTL: Duration
    /// How long after the TTL ran out the last good token is still served when a refresh fails transiently
    /// (throttling, 5xx, no answer, deadline) (900 s; 0 disables).
    package var gracePeriod: Duration
    /// How soon after a transient refresh failure a cached token is refreshed again (10 s).
    package var refreshRetryInterval: Duration = .seconds(10)
    /// When a stale token could be served, a refresh gets at most this long (3 s) before the stale token is used.
    package var fallbackFetchBudget: Duration = .seconds(3)

    package static let defaultTokenIDKey = "MODAL_TOKEN_ID"
    package static let defaultTokenSecretKey = "MODAL_TOKEN_SECRET"
    package static let defaultCacheTTL = Duration.seconds(300)
    package static let defaultGracePeriod = Duration.seconds(900)

    /// A configuration from its parts.
    package init(
        source: Source,
        tokenIDKey: String = Self.defaultTokenIDKey,
        tokenSecretKey: String = Self.defaultTokenSecretKey,
        cacheTTL: Duration = Self.defaultCacheTTL,
        gracePeriod: Duration = Self.defaultGracePeriod
    ) {
        self.source = source
        self.tokenIDKey = tokenIDKey
        self.tokenSecretKey = tokenSecretKey
        self.cacheTTL = cacheTTL
        self.gracePeriod = gracePeriod
    }

    /// Reads `MODAL_TOKEN_ID` + `MODAL_TOKEN_SECRET` (both set: used directly) or else `MODAL_SECRET_ARN`, and
    /// `MODAL_TOKEN_ID_KEY`, `MODAL_TOKEN_SECRET_KEY`, `MODAL_TOKEN_CACHE_TTL_SECONDS`, `MODAL_TOKEN_GRACE_SECONDS`.
    /// Throws `Config.Invalid` naming the variable.
    package init(environment: [String: String]) throws(SecretsManagerError) {
        let tokenID = environment["MODAL_TOKEN_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let tokenSecret = environment["MODAL_TOKEN_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let source: Source
        switch (tokenID, tokenSecret) {
        case (let id?, let secret?):
            guard id.hasPrefix(ModalCredentials.tokenIDPrefix) else {
                throw .configInvalid("MODAL_TOKEN_ID", "must be a Modal token ID starting with ak-")
            }
            guard secret.hasPrefix(ModalCredentials.tokenSecretPrefix) else {
                throw .configInvalid("MODAL_TOKEN_SECRET", "must be a Modal token secret starting with as-")
            }
            source = .direct(ModalCredentials(tokenID: id, tokenSecret: secret))
        case (nil, _?):
            throw .configInvalid("MODAL_TOKEN_ID", "is not set although MODAL_TOKEN_SECRET is")
        case (_?, nil):
            throw .configInvalid("MODAL_TOKEN_SECRET", "is not set although MODAL_TOKEN_ID is")
        case (nil, nil):
            guard let secretID = environment["MODAL_SECRET_ARN"], !secretID.isEmpty else {
                throw .configInvalid(
                    "MODAL_SECRET_ARN",
                    "is not set (set it to the ARN of the Modal token secret, or set MODAL_TOKEN_ID and "
                        + "MODAL_TOKEN_SECRET for local use)"
                )
            }
            guard secretID.count <= 2048, !secretID.contains(where: \.isWhitespace) else {
                throw .configInvalid("MODAL_SECRET_ARN", "must be a secret ARN or name without whitespace")
            }
            source = .secretsManager(secretID: secretID)
        }
        self.init(
            source: source,
            tokenIDKey: try Self.key("MODAL_TOKEN_ID_KEY", environment) ?? Self.defaultTokenIDKey,
            tokenSecretKey: try Self.key("MODAL_TOKEN_SECRET_KEY", environment) ?? Self.defaultTokenSecretKey,
            cacheTTL: try Self.seconds("MODAL_TOKEN_CACHE_TTL_SECONDS", environment) ?? Self.defaultCacheTTL,
            gracePeriod: try Self.seconds("MODAL_TOKEN_GRACE_SECONDS", environment) ?? Self.defaultGracePeriod
        )
    }

    private static func key(
        _ variable: String,
        _ environment: [String: String]
    ) throws(SecretsManagerError)
        -> String?
    {
        guard let key = environment[variable], !key.isEmpty else { return nil }
        guard key.count <= 256 else { throw .configInvalid(variable, "is longer than 256 characters") }
        return key
    }

    /// Whole seconds, 0 to 86400.
    private static func seconds(
        _ variable: String,
        _ environment: [String: String]
    ) throws(SecretsManagerError)
        -> Duration?
    {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let value = Int(text), (0...86_400).contains(value) else {
            throw .configInvalid(
                variable,
                "must be a whole number of seconds from 0 to 86400 (got \"\(text.prefix(32))\")"
            )
        }
        return .seconds(value)
    }

    package var description: String {
        "ModalTokenConfiguration(source: \(source), keys: \(tokenIDKey)/\(tokenSecretKey), "
            + "ttl: \(cacheTTL), grace: \(gracePeriod))"
    }
}
