/// A Modal API token pair (`ak-…` / `as-…`): the one token type, whether it came from the environment or from a
/// Secrets Manager secret. Its descriptions, debug descriptions and mirror never show the secret and show at most
/// the first characters of the id, so printing or dumping one cannot leak it.
package struct ModalTokenPair: Sendable, Hashable {
    /// The token ID (`ak-…`). Logged at most as ``redactedTokenID``.
    package var tokenID: String
    /// The token secret (`as-…`). Secret.
    package var tokenSecret: String

    /// The prefix of Modal API token IDs (proxy tokens use `wk-`).
    package static let tokenIDPrefix = "ak-"
    /// The prefix of Modal API token secrets (proxy tokens use `ws-`).
    package static let tokenSecretPrefix = "as-"

    package init(tokenID: String, tokenSecret: String) {
        self.tokenID = tokenID
        self.tokenSecret = tokenSecret
    }

    /// The id shortened to a prefix that is safe to log (`ak-1…`); never the whole id.
    package var redactedTokenID: String {
        let visible = min(4, max(0, tokenID.count / 4))
        return String(tokenID.prefix(visible)) + "…"
    }
}

extension ModalTokenPair: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String { "ModalTokenPair(tokenID: \(redactedTokenID), tokenSecret: <redacted>)" }
    package var debugDescription: String { description }
    package var customMirror: Mirror {
        Mirror(self, children: ["tokenID": redactedTokenID, "tokenSecret": "<redacted>"], displayStyle: .struct)
    }
}

/// Where the client gets its token pair from (the bridge: Secrets Manager). Implementations cache the pair.
package protocol ModalCredentialSource: Sendable {
    /// The current token pair (cached by the source).
    func credentials() async throws -> ModalTokenPair
    /// Fetches the pair again, bypassing the cache; the client calls it once after Modal answered UNAUTHENTICATED
    /// (the token may have been rotated).
    func refreshCredentials() async throws -> ModalTokenPair
}

/// A fixed token pair (CLI, tests, `MODAL_TOKEN_ID`/`MODAL_TOKEN_SECRET`). Refreshing returns the same pair.
package struct ModalStaticCredentialSource: ModalCredentialSource {
    private let pair: ModalTokenPair

    package init(_ pair: ModalTokenPair) {
        self.pair = pair
    }

    package func credentials() async throws -> ModalTokenPair { pair }
    package func refreshCredentials() async throws -> ModalTokenPair { pair }
}

/// A deployed Modal function: `modal.Function.from_name(appName, functionName, environment_name=…)`.
package struct ModalFunctionReference: Sendable, Hashable, CustomStringConvertible {
    package var appName: String
    package var functionName: String
    /// `nil` or empty: the workspace's default environment.
    package var environmentName: String?

    package init(appName: String, functionName: String, environmentName: String? = nil) {
        self.appName = appName
        self.functionName = functionName
        self.environmentName = environmentName
    }

    /// `app/function`, plus ` (environment env)` when one is named.
    package var description: String {
        if let environmentName, !environmentName.isEmpty {
            return "'\(appName)/\(functionName)' (environment '\(environmentName)')"
        }
        return "'\(appName)/\(functionName)'"
    }
}
