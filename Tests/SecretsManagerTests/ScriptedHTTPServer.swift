import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP/1.1 server (127.0.0.1, port 0) that answers each request with the next scripted answer and
/// records what it received, for the client's retry, deadline and error-format tests.
final class ScriptedHTTPServer: Sendable {
    enum Answer: Sendable {
        /// Status, headers and body.
        case respond(Int, [(String, String)], String)
        /// Close the connection without answering.
        case close
        /// Never answer.
        case hang
    }

    struct Recorded: Sendable {
        var method: String
        var uri: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private struct State {
        var answers: [Answer]
        var requests: [Recorded] = []
    }

    private let state: Mutex<State>
    private let channel: any Channel

    /// The port the server listens on.
    let port: Int

    /// The requests received so far.
    var requests: [Recorded] { state.withLock { $0.requests } }

    private init(answers: [Answer], channel: any Channel, port: Int) {
        self.state = Mutex(State(answers: answers))
        self.channel = channel
        self.port = port
    }

    /// Runs `body` with a server answering `answers` in order (then 500s), and closes it afterwards.
    static func with<T>(
        _ answers: [Answer],
        _ body: (ScriptedHTTPServer) async throws -> T
    ) async throws -> T {
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = ScriptedHTTPServer(
            answers: answers,
            channel: channel,
            port: channel.localAddress?.port ?? 0
        )
        box.server.withLock { $0 = server }
        do {
            let result = try await body(server)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    fileprivate func next(for request: Recorded) -> Answer {
        state.withLock { state in
            state.requests.append(request)
            return state.answers.isEmpty
                ? .respond(500, [], "{\"__type\":\"ScriptExhausted\"}") : state.answers.removeFirst()
        }
    }
}

private final class ServerBox: Sendable {
    let server = Mutex<ScriptedHTTPServer?>(nil)
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let box: ServerBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(box: ServerBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head, let server = box.server.withLock({ $0 }) else { return }
            let recorded = ScriptedHTTPServer.Recorded(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                body: body
            )
            switch server.next(for: recorded) {
            case .close:
                context.close(promise: nil)
            case .hang:
                break
            case .respond(let status, let fields, let text):
                var headers = HTTPHeaders(fields)
                headers.replaceOrAdd(name: "Content-Length", value: String(text.utf8.count))
                let responseHead = HTTPResponseHead(
                    version: .http1_1,
                    status: HTTPResponseStatus(statusCode: status),
                    headers: headers
                )
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
