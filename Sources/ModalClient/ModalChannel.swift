import GRPCCore
import GRPCNIOTransportHTTP2

/// One gRPC client (HTTP/2 over NIO) to a Modal plane: the control plane at `MODAL_SERVER_URL`, or an input plane
/// at a function's `input_plane_url`. Settings as the official clients: 64 MiB windows, keepalive every 30 s with a
/// 10 s timeout.
final class ModalChannel: Sendable {
    enum Plane: String, Sendable {
        case control
        case input
    }

    let endpoint: ModalEndpoint
    let plane: Plane
    /// `x-modal-input-plane-region` for every call on an input plane.
    let region: String?
    let grpc: GRPCClient<HTTP2ClientTransport.Posix>

    init(endpoint: ModalEndpoint, plane: Plane, region: String?) throws(ModalError) {
        self.endpoint = endpoint
        self.plane = plane
        self.region = region
        let config = HTTP2ClientTransport.Posix.Config.defaults { config in
            config.http2.targetWindowSize = 64 * 1024 * 1024
            config.connection.keepalive = .init(time: .seconds(30), timeout: .seconds(10), allowWithoutCalls: true)
            // A Lambda environment can stay frozen for minutes; after that, start on a fresh connection.
            config.connection.maxIdleTime = .seconds(240)
        }
        let target: any ResolvableTarget =
            endpoint.host.contains(":")
            ? .ipv6(address: endpoint.host, port: endpoint.port) : .dns(host: endpoint.host, port: endpoint.port)
        do {
            let transport = try HTTP2ClientTransport.Posix(
                target: target,
                transportSecurity: endpoint.usesTLS ? .tls : .plaintext,
                config: config
            )
            grpc = GRPCClient(transport: transport)
        } catch {
            throw ModalError(
                code: .configInvalid,
                message: "cannot set up a gRPC connection to \(endpoint): \(error)",
                underlying: error
            )
        }
    }
}
