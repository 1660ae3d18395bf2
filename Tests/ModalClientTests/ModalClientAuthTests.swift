import JSON
import Logging
import ModalClient
import TestSupport
import Testing

/// Token refresh after UNAUTHENTICATED, the auth JWT, and proof that no token ends up in a log line.
@Suite("ModalClient auth against the Modal test server")
struct ModalClientAuthTests {
    typealias H = ModalClientHarness

    static let tokenID = "ak-swiftclient-0123456789"
    static let tokenSecret = "as-swiftclient-secret-9876543210"

    @Test func wrongTokenIsAnAuthErrorAfterExactlyOneRefresh() async throws {
        let wrong = ModalTokenPair(tokenID: "ak-test", tokenSecret: "as-wrong")
        let credentials = CountingCredentials(initial: wrong, refreshed: wrong)
        try await H.with(credentials: credentials) { harness in
            let error = await H.modalError { _ = try await harness.remote("echo", [:]) }
            #expect(error?.errorType == "Modal.Auth", "\(String(describing: error))")
            #expect(!(error?.description.contains("as-wrong") ?? true))
            #expect(credentials.refreshes == 1)
            let records = try await harness.server.records()
            #expect(records.map(\.method) == ["AuthTokenGet", "AuthTokenGet"])
            #expect(records.allSatisfy { $0.status == "UNAUTHENTICATED" })
            let spawnError = await H.modalError { _ = try await harness.spawn("echo", [:]) }
            #expect(spawnError?.errorType == "Modal.Auth")
            #expect(credentials.refreshes == 2, "each call may refresh once")
        }
    }

    @Test func rotatedTokenIsPickedUpByTheRefresh() async throws {
        let credentials = CountingCredentials(
            initial: ModalTokenPair(tokenID: "ak-test", tokenSecret: "as-old"),
            refreshed: ModalTokenPair(tokenID: "ak-test", tokenSecret: "as-test")
        )
        try await H.with(credentials: credentials) { harness in
            #expect(try await harness.remote("echo", ["ok": true]) == ["args": [["ok": true], [:]], "kwargs": [:]])
            _ = try await harness.spawn("echo", [:])
            #expect(credentials.refreshes == 1)
        }
    }

    @Test func refusedAuthTokenIsRefetchedAfterTheRefresh() async throws {
        // A JWT the server refuses (expired at issue): the control plane refuses it when the server requires it.
        try await H.with(settings: ["require_auth_token_everywhere": true, "auth_token_ttl_secs": -10]) { harness in
            let error = await H.modalError { _ = try await harness.remote("echo", [:]) }
            #expect(error?.errorType == "Modal.Auth")
            let methods = try await harness.server.records().map(\.method)
            #expect(methods == ["AuthTokenGet", "FunctionGet", "AuthTokenGet", "FunctionGet"], "\(methods)")
        }
    }

    @Test func noTokenOrJWTInAnyLogLine() async throws {
        let store = CapturingLogHandler.Store()
        let logger = Logger(label: "modal-client-log-test", factory: { _ in CapturingLogHandler(store: store) })
        var seenJWTs: [String] = []
        try await H.with(tokenID: Self.tokenID, tokenSecret: Self.tokenSecret, logger: logger) { harness in
            let function = H.function("echo")
            _ = try await harness.client.remote(
                function,
                arguments: try H.arguments(["x": 1]),
                deadline: H.deadline(),
                logger: logger
            )
            _ = try await harness.client.spawn(
                function,
                arguments: try H.arguments(["data": .string(String(repeating: "b", count: 10_000))]),
                deadline: H.deadline(),
                logger: logger
            )
            try await harness.server.addFault(code: "UNAVAILABLE", count: 1, methods: ["FunctionMap"])
            try await harness.server.addFault(
                code: "RESOURCE_EXHAUSTED",
                count: 1,
                methods: ["FunctionGetOutputs"],
                retryAfterSeconds: 0.1
            )
            _ = try await harness.client.remote(
                H.function("flaky", app: "ip-app"),
                arguments: try H.arguments(["failures": 1]),
                deadline: H.deadline(),
                logger: logger
            )
            _ = try? await harness.client.remote(
                H.function("slow"),
                arguments: try H.arguments(["seconds": 30]),
                deadline: .now + .seconds(3),
                logger: logger
            )
            seenJWTs = try await harness.server.records().compactMap { $0.metadata["x-modal-auth-token"] }
        }
        let wrong = ModalTokenPair(tokenID: Self.tokenID, tokenSecret: "as-swiftclient-wrong-secret-1234")
        try await H.with(
            tokenID: Self.tokenID,
            tokenSecret: Self.tokenSecret,
            credentials: CountingCredentials(initial: wrong, refreshed: wrong),
            logger: logger
        ) { harness in
            let error = await H.modalError {
                _ = try await harness.client.remote(
                    H.function("echo"),
                    arguments: try H.arguments([:]),
                    deadline: H.deadline(),
                    logger: logger
                )
            }
            #expect(error?.errorType == "Modal.Auth")
            logger.error("auth failure", metadata: ["error": "\(error.map { "\($0)" } ?? "")"])
        }
        let lines = store.all
        #expect(lines.count > 10, "the client logs at debug/trace: \(lines.count) lines")
        #expect(!seenJWTs.isEmpty)
        let secrets = [Self.tokenID, Self.tokenSecret, "as-swiftclient-wrong-secret-1234", "0123456789"] + seenJWTs
        for line in lines {
            for secret in secrets {
                #expect(!line.contains(secret), "log line leaks a token: \(line)")
            }
        }
    }
}
