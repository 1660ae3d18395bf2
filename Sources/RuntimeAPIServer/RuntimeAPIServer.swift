// Target RuntimeAPIServer: an embedded Lambda Runtime API on 127.0.0.1 (SwiftNIO) that behaves like AWS's, for
// `modal-bridge invoke` and the tests; never part of `bootstrap`. May import: JSON, Primitives, swift-nio,
// swift-log. See docs/runtime.md ("Trying it locally").

package import NIOCore
import NIOHTTP1
import NIOPosix
import Primitives
import Synchronization

/// A local Lambda Runtime API (2018-06-01), modelled on AWS's emulator: `/next` long-polls and answers 200 with
/// every header (absolute epoch deadline), results get 202 `{"status":"OK"}`, unknown or already answered ids
/// get 400 `InvalidRequestID`, bodies above 6,291,556 bytes get 413, `/init/error` after init gets 403, and
/// faults (500, 403, chunked bodies, missing headers, freeze) are switched on through ``behavior``.
/// Every request is recorded.
///
/// `modal-bridge invoke` runs `bootstrap` against it; tests use it as the fake.
package final class RuntimeAPIServer: Sendable {
    private let state: RuntimeAPIServerState
    private let channel: any Channel
    private let connections: ConnectionRegistry
    /// The port it listens on (chosen by the system when started with port 0).
    package let port: Int
    package let host: String

    private init(
        state: RuntimeAPIServerState,
        channel: any Channel,
        connections: ConnectionRegistry,
        host: String,
        port: Int
    ) {
        self.state = state
        self.channel = channel
        self.connections = connections
        self.host = host
        self.port = port
    }

    /// Starts listening on `host:port` (port 0 picks a free one).
    package static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        behavior: RuntimeAPIServerBehavior = RuntimeAPIServerBehavior(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RuntimeAPIServer {
        let state = RuntimeAPIServerState()
        state.behavior = behavior
        let connections = ConnectionRegistry()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIServerHandler(state: state))
                }
            }
            .bind(host: host, port: port)
            .get()
        let boundPort = channel.localAddress?.port ?? port
        return RuntimeAPIServer(state: state, channel: channel, connections: connections, host: host, port: boundPort)
    }

    /// The value for `AWS_LAMBDA_RUNTIME_API`.
    package var address: String { "\(host):\(port)" }

    /// What `/next` sends and which faults are on; changes apply to the next request.
    package var behavior: RuntimeAPIServerBehavior {
        get { state.behavior }
        set { state.behavior = newValue }
    }

    /// Changes the behaviour in place.
    package func updateBehavior(_ change: (inout RuntimeAPIServerBehavior) -> Void) {
        var current = state.behavior
        change(&current)
        state.behavior = current
    }

    /// Every request received so far, in order.
    package var requests: [RecordedRequest] { state.requests }

    /// The `Lambda-Runtime-Deadline-Ms` last sent for `requestID` (epoch milliseconds), once `/next` delivered it.
    package func deadline(for requestID: String) -> Int64? { state.deadline(for: requestID) }

    /// Queues an event for the runtime's next `/next`; returns its request id.
    @discardableResult
    package func enqueue(_ event: [UInt8], requestID: String? = nil) -> String {
        state.enqueue(event, requestID: requestID)
    }

    /// Waits until the runtime answers `requestID` (or ``abandonAll(_:)`` is called).
    package func result(for requestID: String) async -> InvocationResult {
        await state.result(for: requestID)
    }

    /// Queues an event and waits for its result.
    package func invoke(_ event: [UInt8]) async -> InvocationResult {
        await result(for: enqueue(event))
    }

    /// Ends all waiting invocations, and every later wait for a result not yet posted, with
    /// ``InvocationResult/abandoned(_:)`` (the runtime process exited).
    package func abandonAll(_ reason: String) {
        state.abandonAll(reason)
    }

    /// Closes every open client connection but keeps listening (a runtime must reconnect).
    package func closeConnections() async {
        for connection in connections.drain() { try? await connection.close() }
    }

    /// Stops listening and closes every connection.
    package func shutdown() async {
        try? await channel.close()
        await closeConnections()
    }
}

/// Open client connections, so shutdown can close them.
final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.channels.withLock { _ = $0.removeValue(forKey: key) }
        }
    }

    func drain() -> [any Channel] {
        channels.withLock { channels in
            defer { channels = [:] }
            return Array(channels.values)
        }
    }
}

func epochMilliseconds() -> Int64 { TimeSource.system.epochMilliseconds() }

/// Collects one request at a time and writes the state machine's answer.
final class RuntimeAPIServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: RuntimeAPIServerState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: RuntimeAPIServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            var request = RecordedRequest(method: head.method.rawValue, path: head.uri, headers: headers, body: body)
            request.receivedAtEpochMilliseconds = epochMilliseconds()
            body = []
            let keepAlive = head.isKeepAlive
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let connection = ObjectIdentifier(context.channel)
            let answer = state.handle(request, eventLoop: context.eventLoop, connection: connection)
            answer.hop(to: context.eventLoop).whenSuccess { response in
                let (handler, context) = loopBound.value
                handler.write(response, keepAlive: keepAlive, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.connectionClosed(ObjectIdentifier(context.channel))
        context.fireChannelInactive()
    }

    private func write(_ response: ServerResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers)
        if response.chunked {
            headers.add(name: "Transfer-Encoding", value: "chunked")
        } else {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil
        )
        if response.cutBody {
            // The promised length never arrives: half the body, then the connection closes.
            let half = ByteBuffer(bytes: response.body[..<(response.body.count / 2)])
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half)))).whenComplete { _ in
                channel.close(promise: nil)
            }
            return
        }
        if response.chunked, response.body.count > 1 {
            // Two chunks, so a client that only reads the first one is caught.
            let half = response.body.count / 2
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body[..<half])))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body[half...])))), promise: nil)
        } else if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
