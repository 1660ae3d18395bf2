import AsyncHTTPClient
import JSON
import Logging
import ModalClient
import TestSupport
import Testing

/// The connection pool through a ``FaultProxy`` that counts connections: the per-connection stream bound, the
/// connection limit, and the replacement of idle connections.
@Suite struct ModalConnectionPoolTests {
    private static let quiet = Logger(label: "pool-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A client to `proxy` with `configure` applied, running for the duration of `body`.
    private func withClient(
        through proxy: FaultProxy,
        server: ModalTestServer,
        configure: (inout ModalClientConfiguration) -> Void,
        _ body: (ModalClient) async throws -> Void
    ) async throws {
        var configuration = ModalClientConfiguration(serverURL: proxy.url)
        configure(&configuration)
        let client = try ModalClient(
            configuration: configuration,
            credentials: ModalStaticCredentialSource(
                ModalTokenPair(tokenID: server.tokenID, tokenSecret: server.tokenSecret)
            ),
            httpClient: HTTPClient.shared,
            logger: Self.quiet
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            do {
                try await body(client)
            } catch {
                client.shutdown()
                throw error
            }
            client.shutdown()
            try await group.waitForAll()
        }
    }

    private func remote(
        _ client: ModalClient,
        _ name: String,
        _ payload: JSONValue,
        seconds: Double
    )
        async throws
        -> JSONValue
    {
        try await client.remote(
            ModalClientHarness.function(name),
            arguments: try ModalClientHarness.arguments(payload),
            deadline: ModalClientHarness.deadline(seconds),
            logger: Self.quiet
        )
    }

    @Test func callsBeyondTheStreamBoundOpenMoreConnectionsUpToTheLimitAndStillFinish() async throws {
        try await withModalTestServer { server in
            let proxy = try FaultProxy(upstream: server.serverURL)
            defer { proxy.stop() }
            try await withClient(
                through: proxy,
                server: server,
                configure: {
                    $0.streamsPerConnection = 4
                    $0.maxConnectionsPerPlane = 3
                }
            ) { client in
                try await withThrowingTaskGroup(of: JSONValue.self) { group in
                    for _ in 0..<24 {
                        group.addTask { try await remote(client, "slow", ["seconds": 0.3], seconds: 60) }
                    }
                    for try await result in group { #expect(result == ["slept": 0.3]) }
                }
            }
            // 24 calls need more than the 8 slots of two connections, and may never get a fourth connection.
            #expect(proxy.acceptedConnections == 3)
        }
    }

    @Test func anIdleConnectionThatDiedSilentlyIsReplacedBeforeTheNextCall() async throws {
        try await withModalTestServer { server in
            let proxy = try FaultProxy(upstream: server.serverURL)
            defer { proxy.stop() }
            try await withClient(
                through: proxy,
                server: server,
                configure: { $0.reconnectAfterIdle = .milliseconds(500) }
            ) { client in
                #expect(try await remote(client, "echo", ["n": 1], seconds: 10)["args"] != nil)
                let before = proxy.acceptedConnections
                proxy.setMode(.forward, existing: .silentlyDead)
                try await Task.sleep(for: .seconds(1))
                // 3 s: the call-level deadline leaves 1.75 s; a call stuck on the dead connection would time out.
                #expect(try await remote(client, "echo", ["n": 2], seconds: 3)["args"] != nil)
                #expect(proxy.acceptedConnections == before + 1)
            }
        }
    }
}
