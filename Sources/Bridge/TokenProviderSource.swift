import ModalClient
import SecretsManager

/// Hands the Modal client the token from the (cached, single-flight) Secrets Manager provider; a forced refresh
/// after an auth error re-reads the secret (rotation).
struct TokenProviderSource: ModalCredentialSource {
    let provider: ModalTokenProvider
    /// Bounds a token fetch that happens inside a Modal call.
    var fetchBudget: Duration = .seconds(10)

    func credentials() async throws -> ModalTokenPair {
        let credentials = try await provider.credentials(deadline: .now + fetchBudget)
        return ModalTokenPair(tokenID: credentials.tokenID, tokenSecret: credentials.tokenSecret)
    }

    func refreshCredentials() async throws -> ModalTokenPair {
        let credentials = try await provider.forceRefresh(deadline: .now + fetchBudget)
        return ModalTokenPair(tokenID: credentials.tokenID, tokenSecret: credentials.tokenSecret)
    }
}
