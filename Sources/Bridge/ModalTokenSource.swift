package import ModalClient
package import SecretsManager

/// Where the Modal token comes from.
package enum ModalTokenSource: Sendable, CustomStringConvertible {
    /// `MODAL_TOKEN_ID`/`MODAL_TOKEN_SECRET` from the environment (local use); Secrets Manager is not called.
    case direct(ModalTokenPair)
    /// The JSON secret named by `MODAL_SECRET_ARN`, read with GetSecretValue through `service`.
    case secretsManager(ModalTokenSecret, service: SecretsManagerConfiguration)

    package var description: String {
        switch self {
        case .direct: "environment (MODAL_TOKEN_ID/MODAL_TOKEN_SECRET)"
        case .secretsManager(let secret, _): "Secrets Manager secret \(secret.secretID)"
        }
    }
}

/// The Secrets Manager secret holding the Modal token, the JSON keys of its two parts, and how long a token read
/// from it is served.
package struct ModalTokenSecret: Sendable, CustomStringConvertible {
    /// `MODAL_SECRET_ARN`: the secret's ARN or name.
    package var secretID: String
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

    package init(
        secretID: String,
        tokenIDKey: String = Self.defaultTokenIDKey,
        tokenSecretKey: String = Self.defaultTokenSecretKey,
        cacheTTL: Duration = Self.defaultCacheTTL,
        gracePeriod: Duration = Self.defaultGracePeriod
    ) {
        self.secretID = secretID
        self.tokenIDKey = tokenIDKey
        self.tokenSecretKey = tokenSecretKey
        self.cacheTTL = cacheTTL
        self.gracePeriod = gracePeriod
    }

    package var description: String {
        "ModalTokenSecret(\(secretID), keys: \(tokenIDKey)/\(tokenSecretKey), ttl: \(cacheTTL), grace: \(gracePeriod))"
    }
}
