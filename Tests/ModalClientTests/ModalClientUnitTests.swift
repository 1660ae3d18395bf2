import Foundation
import GRPCCore
import JSON
import ModalClient
import ModalProto
import Testing

@Suite("ModalClient units")
struct ModalClientUnitTests {
    // MARK: JWT

    static func jwt(payload: String) -> String {
        func b64url(_ text: String) -> String {
            Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return "\(b64url(#"{"alg":"HS256","typ":"JWT"}"#)).\(b64url(payload)).c2lnbmF0dXJl"
    }

    @Test(arguments: [
        (#"{"exp":1700000000,"sub":"x"}"#, 1_700_000_000.0),
        (#"{"typ":"auth","exp":1700000123.5}"#, 1_700_000_123.5),
        (#"{"exp":1e9}"#, 1e9),
        // payload lengths that need 1 and 2 padding characters
        (#"{"exp":42}"#, 42.0),
        (#"{"exp":421}"#, 421.0),
        (#"{"exp":4212}"#, 4212.0),
    ])
    func jwtExpiry(payload: String, expected: Double) {
        #expect(ModalAuthToken.expiry(ofJWT: Self.jwt(payload: payload)) == expected)
    }

    @Test(arguments: [
        Self.jwt(payload: #"{"sub":"no exp"}"#),
        Self.jwt(payload: #"{"exp":"soon"}"#),
        Self.jwt(payload: "not json"),
        "only.two",
        "a.b.c.d",
        "header.!!!.signature",
        "",
    ])
    func jwtWithoutReadableExpiry(token: String) {
        #expect(ModalAuthToken.expiry(ofJWT: token) == nil)
    }

    @Test func refreshPlanIsAboutHalfTheLifetime() {
        let early = ModalAuthToken.plan(expiry: 1_000 + 3_600, now: 1_000, jitter: 0)
        #expect(early.validFor == .seconds(3_600))
        #expect(early.refreshAfter == .seconds(1_800))
        let late = ModalAuthToken.plan(expiry: 1_000 + 3_600, now: 1_000, jitter: 0.5)  // clamped below 0.1
        #expect(late.refreshAfter > .seconds(1_800) && late.refreshAfter < .seconds(2_160))
        let missing = ModalAuthToken.plan(expiry: nil, now: 1_000, jitter: 0)
        #expect(missing.validFor == .seconds(1_200))
        #expect(missing.refreshAfter == .seconds(600))
        let expired = ModalAuthToken.plan(expiry: 900, now: 1_000, jitter: 0.05)
        #expect(expired.validFor == .zero && expired.refreshAfter == .zero)
    }

    // MARK: retry schedule

    @Test func standardRetrySchedule() {
        let policy = ModalRetryPolicy.standard
        #expect(policy.delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(policy.delay(beforeRetry: 0) == nil)
        #expect(policy.delay(beforeRetry: 4) == nil)
        #expect(
            ModalRPCStatus.retryableCodes == [.unavailable, .deadlineExceeded, .cancelled, .internalError, .unknown]
        )
    }

    @Test func retryScheduleIsCappedAtOneSecond() {
        let policy = ModalRetryPolicy(maxRetries: 6)
        #expect(
            policy.delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ]
        )
        #expect(ModalRetryPolicy(maxRetries: 0).delays.isEmpty)
    }

    // MARK: headers

    @Test func headerSetOfAFirstAttempt() {
        var headers = ModalRequestHeaders(
            libraryVersion: ModalClientConfiguration.defaultLibraryVersion,
            credentials: ModalTokenPair(tokenID: "ak-id", tokenSecret: "as-secret"),
            idempotencyKey: "key-1"
        )
        headers.authToken = "jwt"
        let fields = Dictionary(uniqueKeysWithValues: headers.fields.map { ($0.name, $0.value) })
        #expect(
            fields == [
                "x-modal-client-type": "9", "x-modal-client-version": "1.0.0",
                "x-modal-libmodal-version": "modal-bridge-swift/1.0.0", "x-modal-token-id": "ak-id",
                "x-modal-token-secret": "as-secret", "x-idempotency-key": "key-1", "x-retry-attempt": "0",
                "x-throttle-retry-attempt": "0", "x-modal-auth-token": "jwt",
            ]
        )
        #expect(headers.fields.allSatisfy { $0.name == $0.name.lowercased() })
    }

    @Test func headerSetOfARetriedInputPlaneAttempt() {
        var headers = ModalRequestHeaders(
            libraryVersion: "modal-bridge-swift/1.0.0",
            credentials: ModalTokenPair(tokenID: "ak-id", tokenSecret: "as-secret"),
            idempotencyKey: "key-2"
        )
        headers.retryAttempt = 2
        headers.retryDelay = .milliseconds(301)
        headers.throttleRetryAttempt = 1
        headers.throttleRetryDelay = .seconds(1.5)
        headers.inputPlaneRegion = "us-east"
        let fields = Dictionary(uniqueKeysWithValues: headers.fields.map { ($0.name, $0.value) })
        #expect(fields["x-retry-attempt"] == "2")
        #expect(fields["x-retry-delay"] == "0.301")
        #expect(fields["x-throttle-retry-attempt"] == "1")
        #expect(fields["x-throttle-retry-delay"] == "1.500")
        #expect(fields["x-modal-input-plane-region"] == "us-east")
        #expect(fields["x-modal-auth-token"] == nil)
        #expect(fields["x-idempotency-key"] == "key-2")
    }

    // MARK: configuration (read from the environment by the bridge: BridgeTests/ModalClientEnvironmentTests)

    @Test func endpoints() throws {
        #expect(
            try ModalEndpoint(url: "https://api.modal.com")
                == ModalEndpoint(host: "api.modal.com", port: 443, usesTLS: true)
        )
        #expect(
            try ModalEndpoint(url: "https://api.modal.com:443/")
                == ModalEndpoint(host: "api.modal.com", port: 443, usesTLS: true)
        )
        #expect(
            try ModalEndpoint(url: "http://127.0.0.1:8080")
                == ModalEndpoint(host: "127.0.0.1", port: 8080, usesTLS: false)
        )
        #expect(
            try ModalEndpoint(url: "HTTP://localhost") == ModalEndpoint(host: "localhost", port: 80, usesTLS: false)
        )
        #expect(try ModalEndpoint(url: "http://[::1]:81") == ModalEndpoint(host: "::1", port: 81, usesTLS: false))
    }

    // MARK: redaction

    @Test func tokenPairNeverPrintsItsSecret() {
        let pair = ModalTokenPair(tokenID: "ak-0123456789abcdef", tokenSecret: "as-supersecretvalue")
        for text in [
            "\(pair)", String(describing: pair), String(reflecting: pair), dumped(pair), "\([pair])",
        ] {
            #expect(!text.contains("as-supersecretvalue"))
            #expect(!text.contains("ak-0123456789abcdef"))
            #expect(!text.contains("0123456789"))
        }
    }

    private func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
