/// The gRPC metadata of one attempt of one call: the modal-go header set with client type 9 and version 1.0.0, this
/// project's library version, the token pair, the per-call idempotency key and the retry counters, plus the auth
/// JWT and (input plane) the region.
package struct ModalRequestHeaders: Sendable {
    /// `ClientType.CLIENT_TYPE_LIBMODAL_GO`: the server knows it and accepts version 1.0.0 with it.
    package static let clientType = "9"
    package static let clientVersion = "1.0.0"

    package var libraryVersion: String
    package var credentials: ModalTokenPair
    /// One UUIDv4 per logical call, the same on every retry of it.
    package var idempotencyKey: String
    /// 0-based number of this attempt among the ordinary retries.
    package var retryAttempt: Int = 0
    /// Time since the first attempt (sent when `retryAttempt > 0`).
    package var retryDelay: Duration = .zero
    /// Server-throttled retries so far.
    package var throttleRetryAttempt: Int = 0
    /// Time since the first attempt (sent when `throttleRetryAttempt > 0`).
    package var throttleRetryDelay: Duration = .zero
    /// `x-modal-auth-token`; `nil` for `AuthTokenGet` itself.
    package var authToken: String?
    /// `x-modal-input-plane-region` on input-plane calls.
    package var inputPlaneRegion: String?

    package init(libraryVersion: String, credentials: ModalTokenPair, idempotencyKey: String) {
        self.libraryVersion = libraryVersion
        self.credentials = credentials
        self.idempotencyKey = idempotencyKey
    }

    /// The headers in sending order (lower-case names).
    package var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("x-modal-client-type", Self.clientType),
            ("x-modal-client-version", Self.clientVersion),
            ("x-modal-libmodal-version", libraryVersion),
            ("x-modal-token-id", credentials.tokenID),
            ("x-modal-token-secret", credentials.tokenSecret),
            ("x-idempotency-key", idempotencyKey),
            ("x-retry-attempt", String(retryAttempt)),
        ]
        if retryAttempt > 0 { fields.append(("x-retry-delay", Self.seconds(retryDelay))) }
        fields.append(("x-throttle-retry-attempt", String(throttleRetryAttempt)))
        if throttleRetryAttempt > 0 { fields.append(("x-throttle-retry-delay", Self.seconds(throttleRetryDelay))) }
        if let authToken { fields.append(("x-modal-auth-token", authToken)) }
        if let inputPlaneRegion, !inputPlaneRegion.isEmpty {
            fields.append(("x-modal-input-plane-region", inputPlaneRegion))
        }
        return fields
    }

    /// Seconds with three decimals (`"0.300"`).
    package static func seconds(_ duration: Duration) -> String {
        let milliseconds = max(
            0,
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        )
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
