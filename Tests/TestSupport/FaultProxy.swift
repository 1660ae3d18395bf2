import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy for fault tests: listens on 127.0.0.1 (port chosen by the OS), forwards every connection to an
/// upstream, and can be switched at run time between forwarding and the faults a network shows in production.
///
/// Plain POSIX sockets and one thread per connection (no NIO), so TestSupport stays light and the proxy keeps working
/// while the process under test is stopped. Each connection has its own mode: ``setMode(_:existing:)`` sets the mode
/// of new connections and, unless told otherwise, of the open ones (`setMode(.forward, existing: .silentlyDead)` is a
/// NAT that forgot its mappings: old connections hang, new ones work). Stop it with ``stop()``; it also stops when
/// released.
package final class FaultProxy: @unchecked Sendable {
    package enum Mode: Sendable, Equatable, CustomStringConvertible {
        /// Pass bytes both ways.
        case forward
        /// Accept and read the client's bytes, never send anything back (new connections get no upstream).
        case neverAnswer
        /// Send RST on new and open connections (both sides).
        case reset
        /// Pass nothing in either direction and close nothing: a frozen NAT or a dead peer without FIN or RST.
        case silentlyDead
        /// Forward, but hold every chunk (at most `chunkBytes`) for `delay` before passing it on.
        case throttle(delay: Duration, chunkBytes: Int = 1024)

        package var description: String {
            switch self {
            case .forward: "forward"
            case .neverAnswer: "never-answer"
            case .reset: "reset"
            case .silentlyDead: "silently-dead"
            case .throttle(let delay, let chunk): "throttle(\(delay) per \(chunk) B)"
            }
        }
    }

    /// The port the proxy listens on.
    package let port: Int
    /// `127.0.0.1:<port>`.
    package var address: String { "127.0.0.1:\(port)" }
    /// `http://127.0.0.1:<port>`, for clients configured with a URL.
    package var url: String { "http://\(address)" }

    private var upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var newMode: Mode = .forward
    private var connections: [Int: ProxiedConnection] = [:]
    private var nextID = 0
    private var accepted = 0
    private var stopped = false
    private var acceptThreadDone = false

    /// Starts listening and forwarding to `127.0.0.1:upstreamPort`.
    package init(upstreamPort: Int, mode: Mode = .forward) throws {
        self.upstreamPort = upstreamPort
        newMode = mode
        listener = try Self.listen()
        port = try Self.localPort(listener)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "FaultProxy.accept"
        thread.start()
    }

    /// Starts a proxy in front of an upstream given as a URL (`http://127.0.0.1:1234`) or `host:port`.
    package convenience init(upstream: String, mode: Mode = .forward) throws {
        try self.init(upstreamPort: Self.port(in: upstream), mode: mode)
    }

    deinit { stop() }

    /// The mode new connections get.
    package var mode: Mode { lock.withLock { newMode } }

    /// Sends new connections to `upstream` (a URL or `host:port` on 127.0.0.1) from now on: a restarted server.
    package func setUpstream(_ upstream: String) throws {
        let port = try Self.port(in: upstream)
        lock.withLock { upstreamPort = port }
    }

    /// The port of `http://127.0.0.1:1234` or `127.0.0.1:1234`.
    private static func port(in upstream: String) throws -> Int {
        let hostPort = upstream.split(separator: "/").first { $0.contains(":") && !$0.hasSuffix(":") } ?? ""
        guard let portText = hostPort.split(separator: ":").last, let port = Int(portText) else {
            throw FaultProxyError("no port in upstream '\(upstream)'")
        }
        return port
    }

    /// Connections accepted so far.
    package var acceptedConnections: Int { lock.withLock { accepted } }

    /// Connections still open.
    package var openConnections: Int { lock.withLock { connections.values.filter { !$0.isFinished }.count } }

    /// Sets the mode of new connections to `mode` and of open connections to `existing` (default: `mode`). Returns once
    /// every open connection acts on its new mode (at most 2 s each): no byte moves under the old mode afterwards.
    package func setMode(_ mode: Mode, existing: Mode? = nil) {
        let open: [ProxiedConnection] = lock.withLock {
            newMode = mode
            return Array(connections.values)
        }
        for connection in open { connection.setMode(existing ?? mode) }
    }

    /// Closes the listener and every connection (RST), and waits for the threads to notice.
    package func stop() {
        let open: [ProxiedConnection] = lock.withLock {
            stopped = true
            return Array(connections.values)
        }
        for connection in open { connection.setMode(.reset) }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline, lock.withLock({ !acceptThreadDone || !connections.isEmpty }) { usleep(5_000) }
    }

    // MARK: accepting

    private func acceptLoop() {
        defer {
            close(listener)
            lock.withLock { acceptThreadDone = true }
        }
        while !lock.withLock({ stopped }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 20) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let (mode, id, upstreamPort): (Mode, Int, Int) = lock.withLock {
                accepted += 1
                nextID += 1
                return (newMode, nextID, self.upstreamPort)
            }
            let upstream: Int32
            switch mode {
            case .reset:
                Self.abort(client)
                continue
            case .neverAnswer, .silentlyDead:
                upstream = -1
            case .forward, .throttle:
                upstream = Self.connect(port: upstreamPort)
                if upstream < 0 {
                    Self.abort(client)
                    continue
                }
            }
            let connection = ProxiedConnection(
                id: id,
                client: client,
                upstream: upstream,
                upstreamPort: upstreamPort,
                mode: mode
            )
            lock.withLock { connections[id] = connection }
            let thread = Thread { [self] in
                connection.pump { lock.withLock { stopped } }
                _ = lock.withLock { connections.removeValue(forKey: id) }
            }
            thread.name = "FaultProxy.connection.\(id)"
            thread.start()
        }
    }

    // MARK: sockets

    private static func listen() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FaultProxyError("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(socket, 128) == 0 else {
            close(socket)
            throw FaultProxyError("bind/listen: errno \(errno)")
        }
        return socket
    }

    private static func localPort(_ socket: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard status == 0 else { throw FaultProxyError("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// A blocking connect to 127.0.0.1:`port`; -1 when it fails.
    static func connect(port: Int) -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return -1 }
        var address = loopback(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(socket)
            return -1
        }
        return socket
    }

    /// Closes with SO_LINGER 0, so the peer gets an RST instead of a FIN.
    static func abort(_ socket: Int32) {
        guard socket >= 0 else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(socket)
    }
}

/// A fault proxy that could not be started.
package struct FaultProxyError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
