import GRPCCore
import ModalProto

/// The credentials of a call: the token pair from the ``ModalCredentialSource`` and the auth JWT from the cache,
/// fetched with `AuthTokenGet` when due. ``ModalAttempt/authorize()`` asks for both before every attempt.
extension ModalClient {
    /// The `x-modal-auth-token`, fetched with `AuthTokenGet` (5 s per attempt, 15 s in all) when none is cached.
    func authToken(context: ModalCallContext) async throws(ModalError) -> String {
        do {
            return try await fetchAuthToken(context: context)
        } catch  where error.code == .cancelled && !Task.isCancelled {
            // Another caller's shared fetch was cancelled with its task; this caller fetches for itself.
            return try await fetchAuthToken(context: context)
        }
    }

    private func fetchAuthToken(context: ModalCallContext) async throws(ModalError) -> String {
        let tokenContext = context.limited(to: .now + .seconds(15))
        do {
            return try await authTokens.token { [self] () async throws(ModalError) -> (token: String, now: Double) in
                let response = try await unary(
                    Modal_Client_ModalClient.Method.AuthTokenGet.descriptor,
                    Modal_Client_AuthTokenGetRequest(),
                    returning: Modal_Client_AuthTokenGetResponse.self,
                    on: control,
                    context: tokenContext,
                    attemptTimeout: configuration.authTokenTimeout,
                    sendAuthToken: false
                )
                guard !response.token.isEmpty else {
                    throw ModalError(code: .auth, message: "Modal AuthTokenGet returned no token")
                }
                return (response.token, epochSeconds())
            }
        } catch let error as ModalError {
            throw error
        } catch {
            throw ModalError(code: .auth, message: "could not get a Modal auth token: \(error)", underlying: error)
        }
    }

    func currentCredentials() async throws(ModalError) -> ModalTokenPair {
        do {
            return try await credentials.credentials()
        } catch let error as ModalError {
            throw error
        } catch {
            throw ModalError(code: .auth, message: "could not read the Modal token: \(error)", underlying: error)
        }
    }

    func refreshCredentials() async throws(ModalError) {
        do {
            _ = try await credentials.refreshCredentials()
        } catch let error as ModalError {
            throw error
        } catch {
            throw ModalError(code: .auth, message: "could not refresh the Modal token: \(error)", underlying: error)
        }
    }
}

/// The credentials one logical call's attempts send: the client's token pair and JWT, the JWT fetched within the
/// call's deadline.
struct ModalCallCredentials: ModalAttemptCredentials {
    let client: ModalClient
    let context: ModalCallContext

    func authToken() async throws(ModalError) -> String { try await client.authToken(context: context) }

    func tokenPair() async throws(ModalError) -> ModalTokenPair { try await client.currentCredentials() }
}
