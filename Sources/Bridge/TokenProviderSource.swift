import ModalClient
import SecretsManager

/// Hands the Modal client the token from the (cached, single-flight) Secrets Manager provider; a forced refresh
/// after an auth error re-reads the secret (rotation). Inside an invocation the token is read at most once and
/// within the invocation's budget (``InvocationCredentials``); a failure is thrown as the
/// ``SecretsManagerError`` itself, which the Modal client keeps as the `underlying` of its error.
struct TokenProviderSource: ModalCredentialSource {
    let provider: ModalTokenProvider
    /// Bounds a token fetch outside any invocation (none happen in `bootstrap`; kept for other callers).
    var fetchBudget: Duration = .seconds(10)

    func credentials() async throws -> ModalTokenPair {
        let credentials =
            if let invocation = InvocationCredentials.current {
                try await invocation.credentials(from: provider)
            } else {
                try await provider.credentials(deadline: .now + fetchBudget)
            }
        return ModalTokenPair(tokenID: credentials.tokenID, tokenSecret: credentials.tokenSecret)
    }

    func refreshCredentials() async throws -> ModalTokenPair {
        let credentials =
            if let invocation = InvocationCredentials.current {
                try await invocation.refreshed(from: provider)
            } else {
                try await provider.forceRefresh(deadline: .now + fetchBudget)
            }
        return ModalTokenPair(tokenID: credentials.tokenID, tokenSecret: credentials.tokenSecret)
    }
}
