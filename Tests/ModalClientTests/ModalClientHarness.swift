import AsyncHTTPClient
import CBOR
import Foundation
import JSON
import Logging
import ModalClient
import Synchronization
import TestSupport

/// A Modal test server and a running ``ModalClient`` pointed at it, for one test.
struct ModalClientHarness {
    let server: ModalTestServer
    let client: ModalClient

    /// Starts a server (with `settings`), a client (credentials: the server's pair unless given), runs `body`, then
    /// shuts both down, also when `body` throws.
    static func with<T: Sendable>(
        settings: JSONValue? = nil,
        tokenID: String = "ak-test",
        tokenSecret: String = "as-test",
        credentials: (any ModalCredentialSource)? = nil,
        serverURL: String? = nil,
        logger: Logger = Logger(label: "modal-client-test", factory: { _ in SwiftLogNoOpLogHandler() }),
        maxThrottleWait: Duration? = nil,
        _ body: (ModalClientHarness) async throws -> T
    ) async throws -> T {
        let server = try await ModalTestServer.start(tokenID: tokenID, tokenSecret: tokenSecret, settings: settings)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var configuration = ModalClientConfiguration(serverURL: serverURL ?? server.serverURL)
            configuration.maxThrottleWait = maxThrottleWait
            let source =
                credentials
                ?? ModalStaticCredentialSource(ModalTokenPair(tokenID: server.tokenID, tokenSecret: server.tokenSecret))
            let client = try ModalClient(
                configuration: configuration,
                credentials: source,
                httpClient: http,
                logger: logger
            )
            let harness = ModalClientHarness(server: server, client: client)
            let result = try await withThrowingTaskGroup(of: Void.self, returning: Result<T, any Error>.self) { group in
                group.addTask { try await client.run() }
                let result: Result<T, any Error>
                do {
                    result = .success(try await body(harness))
                } catch {
                    result = .failure(error)
                }
                client.shutdown()
                try await group.waitForAll()
                return result
            }
            try await http.shutdown()
            await server.stop()
            return try result.get()
        } catch {
            try? await http.shutdown()
            await server.stop()
            throw error
        }
    }

    /// `[[payload, params], {}]`.
    static func arguments(_ payload: JSONValue, _ params: JSONValue = [:]) throws -> [UInt8] {
        try ModalArguments.encode(payload: payload, params: params)
    }

    static func function(_ name: String, app: String = "test-app", environment: String? = nil) -> ModalFunctionReference
    {
        ModalFunctionReference(appName: app, functionName: name, environmentName: environment)
    }

    static func deadline(_ seconds: Double = 60) -> ContinuousClock.Instant { .now + .seconds(seconds) }

    func remote(
        _ name: String,
        app: String = "test-app",
        _ payload: JSONValue,
        deadline: Double = 60
    ) async throws
        -> JSONValue
    {
        try await client.remote(
            Self.function(name, app: app),
            arguments: try Self.arguments(payload),
            deadline: Self.deadline(deadline),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    func spawn(_ name: String, app: String = "test-app", _ payload: JSONValue) async throws -> String {
        try await client.spawn(
            Self.function(name, app: app),
            arguments: try Self.arguments(payload),
            deadline: Self.deadline(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// The ModalError `body` throws (nil when it throws something else or nothing).
    static func modalError(_ body: () async throws -> Void) async -> ModalError? {
        do {
            try await body()
            return nil
        } catch let error as ModalError {
            return error
        } catch {
            return nil
        }
    }
}

/// A credential source that counts refreshes; `refreshed` is what a refresh returns (a rotated token).
final class CountingCredentials: ModalCredentialSource {
    private let state: Mutex<(current: ModalTokenPair, refreshes: Int)>
    private let refreshed: ModalTokenPair

    init(initial: ModalTokenPair, refreshed: ModalTokenPair) {
        state = Mutex((initial, 0))
        self.refreshed = refreshed
    }

    var refreshes: Int { state.withLock { $0.refreshes } }

    func credentials() async throws -> ModalTokenPair { state.withLock { $0.current } }

    func refreshCredentials() async throws -> ModalTokenPair {
        state.withLock { state in
            state.refreshes += 1
            state.current = refreshed
            return refreshed
        }
    }
}

/// Keeps every log line (rendered with its metadata) for inspection.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    init(store: Store) { self.store = store }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(event.level) \(event.message) \(rendered) \(event.source) \(event.file)"
        store.lines.withLock { $0.append(line) }
    }
}
