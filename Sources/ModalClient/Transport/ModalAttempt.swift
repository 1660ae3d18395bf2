/// One attempt of one logical Modal call, as ``ModalMetadataInterceptor`` sees it. `ModalClient.unary` calls
/// ``authorize()`` and binds it (``current``) around each attempt; the interceptor turns it into the attempt's
/// headers.
package struct ModalAttempt: Sendable {
    /// The attempt running in this task (and the tasks it starts).
    @TaskLocal package static var current: ModalAttempt?

    /// One UUIDv4 per logical call, the same on every retry of it (`x-idempotency-key`).
    package var idempotencyKey: String
    /// When the first attempt started (`x-retry-delay`, `x-throttle-retry-delay`).
    package var started: ContinuousClock.Instant
    /// 0-based number of this attempt among the ordinary retries.
    package var retryAttempt = 0
    /// Server-throttled retries so far.
    package var throttleRetryAttempt = 0
    /// Where the token pair and the auth JWT come from.
    package var credentials: any ModalAttemptCredentials
    /// `false` for `AuthTokenGet` itself, which the token pair alone authenticates.
    package var sendsAuthToken: Bool
    /// The token pair of this attempt (set by ``authorize()``).
    package private(set) var tokenPair: ModalTokenPair?
    /// The auth JWT of this attempt (set by ``authorize()`` unless ``sendsAuthToken`` is `false`).
    package private(set) var authToken: String?

    package init(
        idempotencyKey: String,
        started: ContinuousClock.Instant = .now,
        credentials: any ModalAttemptCredentials,
        sendsAuthToken: Bool
    ) {
        self.idempotencyKey = idempotencyKey
        self.started = started
        self.credentials = credentials
        self.sendsAuthToken = sendsAuthToken
    }

    /// Asks for this attempt's credentials: the JWT first (fetching it may refresh the token pair after
    /// UNAUTHENTICATED from `AuthTokenGet`), then the pair. Called before the attempt takes a connection, so
    /// neither a JWT fetch nor a slow secret store holds a stream slot or counts against the attempt's timeout.
    package mutating func authorize() async throws(ModalError) {
        authToken = sendsAuthToken ? try await credentials.authToken() : nil
        tokenPair = try await credentials.tokenPair()
    }
}

/// Printing or dumping an attempt shows its counters, never the JWT or the token secret.
extension ModalAttempt: CustomStringConvertible, CustomReflectable {
    package var description: String {
        "ModalAttempt(idempotencyKey: \(idempotencyKey), retryAttempt: \(retryAttempt), "
            + "throttleRetryAttempt: \(throttleRetryAttempt), authorized: \(tokenPair != nil))"
    }

    package var customMirror: Mirror { Mirror(reflecting: description) }
}

/// The credentials an attempt sends, asked for on every attempt (so a refreshed pair or JWT is picked up by the
/// next retry).
package protocol ModalAttemptCredentials: Sendable {
    /// The `x-modal-auth-token` JWT, fetched or refreshed when due (``ModalAuthTokenCache``).
    func authToken() async throws(ModalError) -> String
    /// The current token pair.
    func tokenPair() async throws(ModalError) -> ModalTokenPair
}
