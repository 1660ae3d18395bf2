// Target RuntimeAPI (client): the Lambda Runtime API over one keep-alive HTTP/1.1 connection (SwiftNIO): /next,
// /response, /error, /init/error, and the invocation's headers turned into a typed `Invocation`. No handler logic.
// May import: JSON, Primitives, swift-nio, swift-log. See docs/runtime.md.

package import NIOCore
import NIOHTTP1
import NIOPosix
package import Primitives

/// A small HTTP/1.1 client for the Runtime API: one keep-alive connection, no timeouts (the process is frozen
/// between invocations), chunked or sized bodies, each request written as head + body + end in one flush.
///
/// A request that fails because the connection dropped (closed, reset, or its answer cut off mid-way) is retried
/// once on a fresh connection; a second failure is ``RuntimeAPIError/Code/connectionLost`` and the runtime exits.
///
/// Not `Sendable`: the run loop owns it and uses it from one task.
package final class RuntimeAPIClient: RuntimeAPIClientProtocol {
    package let endpoint: RuntimeAPIEndpoint
    private let eventLoop: any EventLoop
    /// The endpoint's address when its host is an IP literal (always, in Lambda: `127.0.0.1:9001`): connecting to it
    /// skips NIO's resolver and Happy Eyeballs, a third of the CPU between exec and the first `/next`.
    private let literalAddress: SocketAddress?
    private var channel: (any Channel)?
    private let userAgent: String
    private let time: TimeSource

    /// A client; `time` stamps each invocation's arrival (its wall clock).
    package init(
        endpoint: RuntimeAPIEndpoint,
        eventLoop: any EventLoop,
        userAgent: String = "modal-bridge/1.0",
        time: TimeSource = .system
    ) {
        self.endpoint = endpoint
        self.eventLoop = eventLoop
        self.literalAddress = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
        self.userAgent = userAgent
        self.time = time
    }

    deinit {
        channel?.close(promise: nil)
    }

    /// Closes the connection (the next request opens a new one).
    package func close() async {
        if let channel {
            self.channel = nil
            try? await channel.close()
        }
    }

    package func next() async throws(RuntimeAPIError) -> Invocation {
        let response = try await send(.GET, "/2018-06-01/runtime/invocation/next", body: nil)
        guard response.status == 200 else {
            throw .status(response.status, body: response.body, operation: "GET /next")
        }
        return try Invocation(
            headers: response.headers,
            event: response.body,
            receivedAtEpochMilliseconds: time.epochMilliseconds()
        )
    }

    package func postResponse(requestID: String, body: [UInt8]) async throws(RuntimeAPIError) {
        let response = try await send(.POST, "/2018-06-01/runtime/invocation/\(requestID)/response", body: body)
        try Self.expectAccepted(response, operation: "POST /response")
    }

    package func postError(requestID: String, report: ErrorReport) async throws(RuntimeAPIError) {
        let response = try await send(
            .POST,
            "/2018-06-01/runtime/invocation/\(requestID)/error",
            body: report.body,
            extraHeaders: [("Lambda-Runtime-Function-Error-Type", report.headerValue)]
        )
        try Self.expectAccepted(response, operation: "POST /error")
    }

    package func postInitError(_ report: ErrorReport) async throws(RuntimeAPIError) {
        let response = try await send(
            .POST,
            "/2018-06-01/runtime/init/error",
            body: report.body,
            extraHeaders: [("Lambda-Runtime-Function-Error-Type", report.headerValue)]
        )
        try Self.expectAccepted(response, operation: "POST /init/error")
    }

    private static func expectAccepted(_ response: RawResponse, operation: String) throws(RuntimeAPIError) {
        // 202 is the documented answer; some emulators (cargo-lambda) answer 200.
        guard response.status == 202 || response.status == 200 else {
            throw .status(response.status, body: response.body, operation: operation)
        }
    }

    // MARK: transport

    private func send(
        _ method: HTTPMethod,
        _ path: String,
        body: [UInt8]?,
        extraHeaders: [(String, String)] = []
    ) async throws(RuntimeAPIError) -> RawResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "User-Agent", value: userAgent)
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
        }
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.pathPrefix + path, headers: headers)
        let buffer = body.map { ByteBuffer(bytes: $0) }

        var lastError: (any Error)?
        for attempt in 0..<2 {
            let channel: any Channel
            do {
                channel = try await connectedChannel(fresh: attempt > 0)
            } catch {
                throw .connectionLost(error)
            }
            let promise = eventLoop.makePromise(of: RawResponse.self)
            channel.writeAndFlush(OutboundRequest(head: head, body: buffer, promise: promise), promise: nil)
            do {
                let response = try await promise.futureResult.get()
                if response.closeConnection { await close() }
                return response
            } catch {
                // Closed, reset, or an answer cut off mid-way (the HTTP decoder reports a body shorter than its
                // Content-Length as a parser error at EOF): all mean the connection is gone; reconnect once.
                lastError = error
                await close()
            }
        }
        throw .connectionLost(lastError)
    }

    private func connectedChannel(fresh: Bool) async throws -> any Channel {
        if !fresh, let channel, channel.isActive { return channel }
        await close()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIChannelHandler())
                }
            }
        let connecting =
            if let literalAddress {
                bootstrap.connect(to: literalAddress)
            } else {
                bootstrap.connect(host: endpoint.host, port: endpoint.port)
            }
        let channel = try await connecting.get()
        self.channel = channel
        return channel
    }
}
