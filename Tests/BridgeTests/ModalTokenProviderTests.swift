import Bridge
import Logging
import ModalClient
import SecretsManager
import Synchronization
import TestSupport
import Testing

/// A scripted `SecretValueFetching`: answers in order, counts calls, and can hold every call until released.
final class FakeFetcher: SecretValueFetching {
    private struct State {
        var answers: [Result<SecretValue, SecretsManagerError>]
        var calls = 0
        var deadlines: [ContinuousClock.Instant?] = []
        /// `aws-request-id` of the logger each call was given (`nil`: no logger, or none on it).
        var requestIDs: [String?] = []
    }

    private let state: Mutex<State>
    private let gate: AsyncStream<Void>?
    private let gateContinuation: AsyncStream<Void>.Continuation?

    init(_ answers: [Result<SecretValue, SecretsManagerError>], gated: Bool = false) {
        state = Mutex(State(answers: answers))
        if gated {
            let (stream, continuation) = AsyncStream<Void>.makeStream()
            gate = stream
            gateContinuation = continuation
        } else {
            gate = nil
            gateContinuation = nil
        }
    }

    var calls: Int { state.withLock { $0.calls } }
    var deadlines: [ContinuousClock.Instant?] { state.withLock { $0.deadlines } }
    var requestIDs: [String?] { state.withLock { $0.requestIDs } }

    /// Lets every held call (and all later ones) through.
    func release() { gateContinuation?.finish() }

    func getSecretValue(
        secretID: String,
        versionID: String?,
        versionStage: String?,
        deadline: ContinuousClock.Instant?,
        logger: Logger?
    ) async throws(SecretsManagerError) -> SecretValue {
        let answer = state.withLock { state in
            state.calls += 1
            state.deadlines.append(deadline)
            state.requestIDs.append(logger?[metadataKey: "aws-request-id"].map { "\($0)" })
            return state.answers.isEmpty
                ? .failure(SecretsManagerError(code: .requestFailed, message: "no scripted answer"))
                : state.answers.removeFirst()
        }
        if let gate { for await _ in gate {} }
        return try answer.get()
    }

    static func token(
        _ id: String,
        _ secret: String,
        idKey: String = "MODAL_TOKEN_ID",
        secretKey: String = "MODAL_TOKEN_SECRET"
    )
        -> Result<SecretValue, SecretsManagerError>
    {
        .success(SecretValue(versionID: "v", secretString: #"{"\#(idKey)":"\#(id)","\#(secretKey)":"\#(secret)"}"#))
    }

    static func failure(_ code: SecretsManagerError.Code) -> Result<SecretValue, SecretsManagerError> {
        .failure(SecretsManagerError(code: code, message: "scripted \(code)"))
    }
}

/// A clock for the TTL and grace bookkeeping that only moves when told.
final class FakeClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(_ duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
}

@Suite("Modal token provider")
struct ModalTokenProviderTests {
    static let secretID = "arn:aws:secretsmanager:us-east-1:123456789012:secret:modal/token-AbCdEf"

    func provider(
        _ fetcher: FakeFetcher,
        clock: FakeClock,
        ttl: Duration = .seconds(300),
        grace: Duration = .seconds(900),
        logs: LogCapture = LogCapture(),
        idKey: String = "MODAL_TOKEN_ID",
        secretKey: String = "MODAL_TOKEN_SECRET"
    ) -> ModalTokenProvider {
        ModalTokenProvider(
            secret: ModalTokenSecret(
                secretID: Self.secretID,
                tokenIDKey: idKey,
                tokenSecretKey: secretKey,
                cacheTTL: ttl,
                gracePeriod: grace
            ),
            fetcher: fetcher,
            now: { clock.now },
            logger: logs.logger()
        )
    }

    @Test func theCallersLoggerReachesTheFetch() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1"), FakeFetcher.token("ak-2", "as-2")])
        let provider = provider(fetcher, clock: FakeClock())
        var invocationLogger = Logger(label: "test", factory: { StreamLogHandler.standardError(label: $0) })
        invocationLogger[metadataKey: "aws-request-id"] = "req-1"
        _ = try await provider.token(deadline: nil, logger: invocationLogger)
        invocationLogger[metadataKey: "aws-request-id"] = "req-2"
        _ = try await provider.forceRefresh(deadline: nil, logger: invocationLogger)
        #expect(fetcher.requestIDs == ["req-1", "req-2"])
    }

    @Test func cachesForTheTTL() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1"), FakeFetcher.token("ak-2", "as-2")])
        let clock = FakeClock()
        let provider = provider(fetcher, clock: clock)
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")
        clock.advance(.seconds(299))
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")
        #expect(fetcher.calls == 1)
        clock.advance(.seconds(1))
        #expect(try await provider.token(deadline: nil).tokenID == "ak-2")
        #expect(fetcher.calls == 2)
    }

    @Test func zeroTTLFetchesEveryTime() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1"), FakeFetcher.token("ak-2", "as-2")])
        let provider = provider(fetcher, clock: FakeClock(), ttl: .zero)
        _ = try await provider.token(deadline: nil)
        #expect(try await provider.token(deadline: nil).tokenID == "ak-2")
        #expect(fetcher.calls == 2)
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1")], gated: true)
        let provider = provider(fetcher, clock: FakeClock())
        try await withThrowingTaskGroup(of: ModalTokenPair.self) { group in
            for _ in 0..<20 {
                group.addTask { try await provider.token(deadline: nil) }
            }
            while fetcher.calls == 0 { await Task.yield() }
            for _ in 0..<100 { await Task.yield() }  // let the other callers reach the provider
            fetcher.release()
            var results: [ModalTokenPair] = []
            for try await credentials in group { results.append(credentials) }
            #expect(results.count == 20)
            #expect(Set(results) == [ModalTokenPair(tokenID: "ak-1", tokenSecret: "as-1")])
        }
        #expect(fetcher.calls == 1)
        #expect(await provider.fetchCounts == .init(fetches: 1), "callers joining a fetch do not count as fetches")
    }

    @Test func transientFailureServesTheLastTokenWithinGrace() async throws {
        let fetcher = FakeFetcher([
            FakeFetcher.token("ak-1", "as-1"), FakeFetcher.failure(.throttled), FakeFetcher.failure(.connectionFailed),
            FakeFetcher.failure(.serviceUnavailable),
        ])
        let clock = FakeClock()
        let logs = LogCapture()
        let provider = provider(fetcher, clock: clock, grace: .seconds(600), logs: logs)
        _ = try await provider.token(deadline: nil)
        clock.advance(.seconds(301))
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")  // throttled → stale
        #expect(fetcher.calls == 2)
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")  // within retry interval: no call
        #expect(fetcher.calls == 2)
        clock.advance(.seconds(11))
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")  // connection failed → stale
        #expect(fetcher.calls == 3)
        clock.advance(.seconds(600))  // past TTL + grace
        let error = await #expect(throws: ModalTokenError.self) { try await provider.token(deadline: nil) }
        #expect(error?.cause?.code == .serviceUnavailable)
        #expect(error?.errorType == "SecretsManager.ServiceUnavailable")
        #expect(fetcher.calls == 4)
        #expect(logs.lines.contains { $0.contains("serving the cached Modal token") })
        #expect(logs.lines(containingAnyOf: ["ak-1", "as-1"]).isEmpty)
    }

    /// With a stale token to fall back on, the refresh gets a short budget instead of the whole deadline.
    @Test func refreshWithFallbackHasAShortBudget() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1"), FakeFetcher.failure(.timeout)])
        let clock = FakeClock()
        let provider = provider(fetcher, clock: clock)
        let far = ContinuousClock.now.advanced(by: .seconds(600))
        _ = try await provider.token(deadline: far)
        clock.advance(.seconds(301))
        #expect(try await provider.token(deadline: far).tokenID == "ak-1")
        let budget = try #require(fetcher.deadlines.last ?? nil)
        #expect(budget < ContinuousClock.now.advanced(by: .seconds(4)))
        #expect(fetcher.deadlines.first == far)
    }

    /// Access denied, not found, a bad signature, a placeholder put back into the secret: thrown, not answered with
    /// the cached token (only transient failures fall back to it).
    @Test(arguments: [
        (FakeFetcher.failure(.accessDenied), "SecretsManager.AccessDenied"),
        (FakeFetcher.failure(.notFound), "SecretsManager.NotFound"),
        (FakeFetcher.failure(.signatureRejected), "SecretsManager.InvalidSignature"),
        (FakeFetcher.token("token-id", "as-1"), "Secret.Placeholder"),
    ])
    func permanentFailureIsThrownEvenWithACachedToken(
        answer: Result<SecretValue, SecretsManagerError>,
        errorType: String
    ) async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-1", "as-1"), answer])
        let clock = FakeClock()
        let provider = provider(fetcher, clock: clock)
        _ = try await provider.token(deadline: nil)
        clock.advance(.seconds(301))
        let error = await #expect(throws: ModalTokenError.self) { try await provider.token(deadline: nil) }
        #expect(error?.errorType == errorType)
    }

    @Test func forceRefreshFetchesAtOnce() async throws {
        let fetcher = FakeFetcher([
            FakeFetcher.token("ak-1", "as-1"), FakeFetcher.token("ak-2", "as-2"), FakeFetcher.failure(.throttled),
        ])
        let provider = provider(fetcher, clock: FakeClock())
        #expect(try await provider.token(deadline: nil).tokenID == "ak-1")
        #expect(try await provider.forceRefresh(deadline: nil).tokenID == "ak-2")
        #expect(try await provider.token(deadline: nil).tokenID == "ak-2")
        let error = await #expect(throws: ModalTokenError.self) { try await provider.forceRefresh(deadline: nil) }
        #expect(error?.cause?.code == .throttled, "a forced refresh never answers with the rejected token")
        #expect(try await provider.token(deadline: nil).tokenID == "ak-2")
        #expect(fetcher.calls == 3)
        #expect(await provider.fetchCounts == .init(fetches: 3, forced: 2), "the metrics' TokenFetches/TokenRefreshes")
    }

    @Test func customKeyNames() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token("ak-9", "as-9", idKey: "id", secretKey: "secret")])
        let provider = provider(fetcher, clock: FakeClock(), idKey: "id", secretKey: "secret")
        #expect(try await provider.token(deadline: nil) == ModalTokenPair(tokenID: "ak-9", tokenSecret: "as-9"))
    }

    static let badSecrets: [(SecretValue, String)] = [
        (
            SecretValue(secretString: #"{"MODAL_TOKEN_ID":"token-id","MODAL_TOKEN_SECRET":"s3cr3tPLACEHOLDER"}"#),
            "Secret.Placeholder"
        ),
        (
            SecretValue(secretString: #"{"MODAL_TOKEN_ID":"ak-1","MODAL_TOKEN_SECRET":"s3cr3tPLACEHOLDER"}"#),
            "Secret.Placeholder"
        ),
        (
            SecretValue(secretString: #"{"MODAL_TOKEN_ID":"wk-1","MODAL_TOKEN_SECRET":"ws-s3cr3tPLACEHOLDER"}"#),
            "Secret.Invalid"
        ),
        (SecretValue(secretString: #"{"MODAL_TOKEN_ID":"ak-1"}"#), "Secret.Invalid"),
        (SecretValue(secretString: #"{"MODAL_TOKEN_ID":"ak-1","MODAL_TOKEN_SECRET":17}"#), "Secret.Invalid"),
        (SecretValue(secretString: "ak-1:s3cr3tPLACEHOLDER"), "Secret.Invalid"),
        (SecretValue(secretString: #"["s3cr3tPLACEHOLDER"]"#), "Secret.Invalid"),
        (SecretValue(secretBinary: Array("s3cr3tPLACEHOLDER".utf8)), "Secret.Invalid"),
    ]

    @Test(arguments: badSecrets)
    func badSecretContent(value: SecretValue, errorType: String) async throws {
        let logs = LogCapture()
        let provider = provider(FakeFetcher([.success(value)]), clock: FakeClock(), logs: logs)
        let error = await #expect(throws: ModalTokenError.self) { try await provider.token(deadline: nil) }
        #expect(error?.errorType == errorType)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("MODAL_TOKEN_"), "the message names the keys")
        #expect(!text.contains("s3cr3tPLACEHOLDER"))
        #expect(logs.lines(containingAnyOf: ["s3cr3tPLACEHOLDER"]).isEmpty)
    }

    @Test func surroundingWhitespaceIsIgnored() async throws {
        let fetcher = FakeFetcher([FakeFetcher.token(" ak-1\\n", "as-1 ")])
        let provider = provider(fetcher, clock: FakeClock())
        #expect(try await provider.token(deadline: nil) == ModalTokenPair(tokenID: "ak-1", tokenSecret: "as-1"))
    }
}
