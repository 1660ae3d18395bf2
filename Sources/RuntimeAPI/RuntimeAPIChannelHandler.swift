import NIOCore
import NIOHTTP1

/// A complete HTTP response from the Runtime API.
struct RawResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var closeConnection: Bool
}

/// A request plus the promise its response completes.
struct OutboundRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var promise: EventLoopPromise<RawResponse>
}

/// The connection closed before a response arrived.
struct ConnectionClosed: Error {}

/// Writes one request at a time and collects head, body and end into the pending promise.
final class RuntimeAPIChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = OutboundRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<RawResponse>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let previous = pending {
            previous.fail(ChannelError.outputClosed)
        }
        pending = request.promise
        guard context.channel.isActive else {
            failPending(ConnectionClosed())
            promise?.fail(ConnectionClosed())
            return
        }
        head = nil
        body = nil
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let buffer = request.body, buffer.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        // A write that fails (the peer closed the connection before the request went out) never produces a
        // response: fail the pending request so the caller reconnects instead of waiting forever.
        let written = context.eventLoop.makePromise(of: Void.self)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        written.futureResult.whenFailure { error in
            loopBound.value.failPending(error)
        }
        written.futureResult.cascade(to: promise)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var chunk):
            if body == nil {
                body = chunk
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            guard let pending, let head else { return }
            self.pending = nil
            self.head = nil
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            pending.succeed(
                RawResponse(
                    status: Int(head.status.code),
                    headers: head.headers,
                    body: bytes,
                    closeConnection: !head.isKeepAlive
                )
            )
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPending(ConnectionClosed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failPending(error)
        context.close(promise: nil)
    }

    private func failPending(_ error: any Error) {
        guard let pending else { return }
        self.pending = nil
        pending.fail(error)
    }
}
