import GRPCCore
import GRPCNIOTransportHTTP2

/// The gRPC connections (HTTP/2 over NIO) to one Modal plane: the control plane at `MODAL_SERVER_URL`, or an input
/// plane at a function's `input_plane_url`. Settings as the official clients: 64 MiB windows, keepalive every 30 s
/// with a 10 s timeout. A ``ModalConnectionPool`` bounds the RPCs per connection and replaces idle connections.
/// Every connection's client runs ``ModalMetadataInterceptor`` (the headers of each attempt).
final class ModalChannel: Sendable {
    enum Plane: String, Sendable {
        case control
        case input
    }

    /// No slot for an RPC before its deadline (or the client is shut down, or the task was cancelled).
    struct NoSlot: Error {}

    let endpoint: ModalEndpoint
    let plane: Plane
    /// `x-modal-input-plane-region` for every call on an input plane.
    let region: String?
    let pool: ModalConnectionPool

    /// `start` runs a new connection's client (``ModalClient/run()`` does it); `libraryVersion` is sent as
    /// `x-modal-libmodal-version`.
    init(
        endpoint: ModalEndpoint,
        plane: Plane,
        region: String?,
        libraryVersion: String,
        limits: ModalConnectionPool.Limits,
        start: @escaping @Sendable (ModalConnectionPool.Client) -> Void
    ) throws(ModalError) {
        self.endpoint = endpoint
        self.plane = plane
        self.region = region
        let interceptor = ModalMetadataInterceptor(libraryVersion: libraryVersion, inputPlaneRegion: region)
        let makeClient: @Sendable () throws -> ModalConnectionPool.Client = {
            let config = HTTP2ClientTransport.Posix.Config.defaults { config in
                config.http2.targetWindowSize = 64 * 1024 * 1024
                config.connection.keepalive = .init(
                    time: .seconds(30),
                    timeout: .seconds(10),
                    allowWithoutCalls: true
                )
                config.connection.maxIdleTime = .seconds(240)
            }
            let target: any ResolvableTarget =
                endpoint.host.contains(":")
                ? .ipv6(address: endpoint.host, port: endpoint.port)
                : .dns(host: endpoint.host, port: endpoint.port)
            let transport = try HTTP2ClientTransport.Posix(
                target: target,
                transportSecurity: endpoint.usesTLS ? .tls : .plaintext,
                config: config
            )
            return GRPCClient(transport: transport, interceptors: [interceptor])
        }
        let first: ModalConnectionPool.Client
        do {
            // The first connection now, so a bad endpoint is a configuration error at init, not at the first call.
            first = try makeClient()
        } catch {
            throw ModalError(
                code: .configInvalid,
                message: "cannot set up a gRPC connection to \(endpoint): \(error)",
                underlying: error
            )
        }
        pool = ModalConnectionPool(limits: limits, first: first, makeClient: makeClient, start: start)
    }

    /// Runs `body` with a connection that has a free stream slot, waiting for one until `deadline`; throws
    /// ``NoSlot`` when none came in time.
    func withConnection<Result: Sendable>(
        until deadline: ContinuousClock.Instant,
        retiringOnUnavailable: Bool = false,
        _ body: (ModalConnectionPool.Client) async throws -> Result
    ) async throws -> Result {
        guard let lease = try await pool.acquire(until: deadline) else { throw NoSlot() }
        do {
            let result = try await body(lease.client)
            pool.release(lease)
            return result
        } catch {
            // A connection-level failure: the retry gets a fresh connection, not the transport's reconnect backoff.
            if retiringOnUnavailable, ModalRPCStatus(error) == .rpc(.unavailable) {
                pool.retire(lease)
            } else {
                pool.release(lease)
            }
            throw error
        }
    }
}
