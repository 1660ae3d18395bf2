import ModalClient

/// Hands the Modal client the token from the (cached, single-flight) Secrets Manager provider; a forced refresh
/// after an auth error re-reads the secret (rotation). Inside an invocation the token is read at most once and
/// within the invocation's budget (``InvocationCredentials``); a failure is thrown as the ``ModalTokenError``
/// itself, which the Modal client keeps as the `underlying` of its error.
struct TokenProviderSource: ModalCredentialSource {
    let provider: ModalTokenProvider
    /// Bounds a token fetch outside any invocation (none happen in `bootstrap`; kept for other callers).
    var fetchBudget: Duration = .seconds(10)

    func credentials() async throws -> ModalTokenPair {
        if let invocation = InvocationCredentials.current {
            try await invocation.token(from: provider)
        } else {
            try await provider.token(deadline: .now + fetchBudget)
        }
    }

    func refreshCredentials() async throws -> ModalTokenPair {
        if let invocation = InvocationCredentials.current {
            try await invocation.refreshed(from: provider)
        } else {
            try await provider.forceRefresh(deadline: .now + fetchBudget)
        }
    }
}
