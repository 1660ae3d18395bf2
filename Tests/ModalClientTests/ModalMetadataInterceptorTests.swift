import Foundation
import GRPCCore
import ModalClient
import Synchronization
import Testing

/// ``ModalMetadataInterceptor`` and ``ModalAttempt/authorize()``: the headers of every attempt come from the bound
/// attempt and the credentials asked for at that attempt.
@Suite("Modal metadata interceptor")
struct ModalMetadataInterceptorTests {
    /// Hands out the token pair and JWTs it is told to, counting the requests; the JWT goes through the real
    /// ``ModalAuthTokenCache``, so the refresh plan decides when a new one is fetched.
    final class FakeCredentials: ModalAttemptCredentials {
        private let state = Mutex(
            (pair: ModalTokenPair(tokenID: "ak-1", tokenSecret: "as-1"), pairReads: 0, fetches: 0)
        )
        private let cache = ModalAuthTokenCache()
        /// Lifetime of each JWT fetched (its `exp` claim is this far after the fetch).
        let jwtLifetime: Double

        init(jwtLifetime: Double = 3_600) { self.jwtLifetime = jwtLifetime }

        var pairReads: Int { state.withLock { $0.pairReads } }
        var fetches: Int { state.withLock { $0.fetches } }

        func rotate(to pair: ModalTokenPair) { state.withLock { $0.pair = pair } }

        func tokenPair() async throws(ModalError) -> ModalTokenPair {
            state.withLock { state in
                state.pairReads += 1
                return state.pair
            }
        }

        func authToken() async throws(ModalError) -> String {
            do {
                return try await cache.token { [self] in
                    let now = Date().timeIntervalSince1970
                    let number = state.withLock { state in
                        state.fetches += 1
                        return state.fetches
                    }
                    let payload = #"{"exp":\#(now + jwtLifetime),"n":\#(number)}"#
                    return (ModalClientUnitTests.jwt(payload: payload), now)
                }
            } catch {
                throw ModalError(code: .auth, message: "no token: \(error)")
            }
        }
    }

    struct Refused: ModalAttemptCredentials {
        func authToken() async throws(ModalError) -> String { throw ModalError(code: .auth, message: "refused") }
        func tokenPair() async throws(ModalError) -> ModalTokenPair { ModalTokenPair(tokenID: "a", tokenSecret: "b") }
    }

    static let descriptor = MethodDescriptor(fullyQualifiedService: "modal.client.ModalClient", method: "FunctionGet")

    /// Authorizes `attempt` (unless told not to), runs `interceptor` on one request with it bound and returns the
    /// metadata it passed on.
    static func sentMetadata(
        _ interceptor: ModalMetadataInterceptor,
        _ attempt: ModalAttempt?,
        authorizing: Bool = true
    ) async throws -> [String: String] {
        var attempt = attempt
        if authorizing { try await attempt?.authorize() }
        let sent = Mutex<[String: String]>([:])
        let request = StreamingClientRequest<Int>(metadata: ["x-already-there": "1"]) { _ in }
        let context = ClientContext(descriptor: descriptor, remotePeer: "test", localPeer: "test")
        let response: StreamingClientResponse<Int> = try await ModalAttempt.$current.withValue(attempt) {
            try await interceptor.intercept(request: request, context: context) { request, _ in
                var fields: [String: String] = [:]
                for (key, value) in request.metadata {
                    if case .string(let text) = value {
                        #expect(fields[key] == nil, "\(key) sent twice")
                        fields[key] = text
                    }
                }
                sent.withLock { $0 = fields }
                return StreamingClientResponse(of: Int.self, error: RPCError(code: .unavailable, message: "test"))
            }
        }
        #expect(throws: RPCError.self) { try response.accepted.get() }
        return sent.withLock { $0 }
    }

    @Test func everyAttemptCarriesTheHeaderSetWithItsOwnCountersAndCurrentCredentials() async throws {
        let interceptor = ModalMetadataInterceptor(libraryVersion: "modal-bridge-swift/9.9.9")
        let credentials = FakeCredentials()
        var attempt = ModalAttempt(
            idempotencyKey: "key-1",
            started: .now - .milliseconds(250),
            credentials: credentials,
            sendsAuthToken: true
        )

        let first = try await Self.sentMetadata(interceptor, attempt)
        #expect(first["x-already-there"] == "1")
        #expect(first["x-modal-client-type"] == "9" && first["x-modal-client-version"] == "1.0.0")
        #expect(first["x-modal-libmodal-version"] == "modal-bridge-swift/9.9.9")
        #expect(first["x-modal-token-id"] == "ak-1" && first["x-modal-token-secret"] == "as-1")
        #expect(first["x-idempotency-key"] == "key-1" && first["x-retry-attempt"] == "0")
        #expect(first["x-retry-delay"] == nil && first["x-throttle-retry-attempt"] == "0")
        #expect(first["x-modal-input-plane-region"] == nil)
        let jwt = try #require(first["x-modal-auth-token"])

        // The retry: same key, its own counters, the pair read again (a rotated pair is sent), the cached JWT.
        credentials.rotate(to: ModalTokenPair(tokenID: "ak-2", tokenSecret: "as-2"))
        attempt.retryAttempt = 1
        attempt.throttleRetryAttempt = 2
        let retry = try await Self.sentMetadata(interceptor, attempt)
        #expect(retry["x-idempotency-key"] == "key-1" && retry["x-retry-attempt"] == "1")
        #expect(retry["x-throttle-retry-attempt"] == "2")
        let delay = try #require(retry["x-retry-delay"].flatMap(Double.init))
        #expect(delay >= 0.25)
        #expect(retry["x-throttle-retry-delay"].flatMap(Double.init).map { $0 >= delay } == true)
        #expect(retry["x-modal-token-id"] == "ak-2" && retry["x-modal-token-secret"] == "as-2")
        #expect(retry["x-modal-auth-token"] == jwt)
        #expect(credentials.pairReads == 2 && credentials.fetches == 1)

        try await attempt.authorize()
        let printed = [
            String(describing: attempt), String(reflecting: attempt), "\(Mirror(reflecting: attempt).children)",
        ]
        for text in printed { #expect(!text.contains(jwt) && !text.contains("as-2"), "\(text)") }
    }

    @Test func authTokenGetSendsNoJWTAndInputPlanesTheirRegion() async throws {
        let interceptor = ModalMetadataInterceptor(libraryVersion: "v", inputPlaneRegion: "us-east")
        let credentials = FakeCredentials()
        let attempt = ModalAttempt(idempotencyKey: "key-2", credentials: credentials, sendsAuthToken: false)
        let sent = try await Self.sentMetadata(interceptor, attempt)
        #expect(sent["x-modal-auth-token"] == nil)
        #expect(sent["x-modal-token-id"] == "ak-1")
        #expect(sent["x-modal-input-plane-region"] == "us-east")
        #expect(credentials.fetches == 0)
    }

    @Test func aJWTPastItsRefreshPointIsReplacedOnTheNextAttempt() async throws {
        let interceptor = ModalMetadataInterceptor(libraryVersion: "v")
        // Refresh after 50–60% of the 4 s lifetime: 2.0–2.4 s.
        let credentials = FakeCredentials(jwtLifetime: 4)
        let attempt = ModalAttempt(idempotencyKey: "key-3", credentials: credentials, sendsAuthToken: true)
        let first = try await Self.sentMetadata(interceptor, attempt)["x-modal-auth-token"]
        let soon = try await Self.sentMetadata(interceptor, attempt)["x-modal-auth-token"]
        #expect(first != nil && soon == first && credentials.fetches == 1)
        try await Task.sleep(for: .milliseconds(2_600))
        let later = try await Self.sentMetadata(interceptor, attempt)["x-modal-auth-token"]
        #expect(later != nil && later != first)
        #expect(credentials.fetches == 2)
    }

    @Test func credentialsThatCannotBeHadEndTheAttemptWithTheModalError() async throws {
        let interceptor = ModalMetadataInterceptor(libraryVersion: "v")
        var refused = ModalAttempt(idempotencyKey: "key-4", credentials: Refused(), sendsAuthToken: true)
        let error = await #expect(throws: ModalError.self) { try await refused.authorize() }
        #expect(error?.errorType == "Modal.Auth" && error?.message == "refused")
        // An RPC without authorized credentials, or outside an attempt, is refused rather than sent unauthenticated.
        let unauthorized = ModalAttempt(idempotencyKey: "key-5", credentials: FakeCredentials(), sendsAuthToken: true)
        await #expect(throws: ModalError.self) {
            _ = try await Self.sentMetadata(interceptor, unauthorized, authorizing: false)
        }
        await #expect(throws: ModalError.self) { _ = try await Self.sentMetadata(interceptor, nil) }
    }
}
