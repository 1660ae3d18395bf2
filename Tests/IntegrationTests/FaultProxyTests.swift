import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The fault proxy itself, in front of a small echo server: every mode does what the fault suites rely on.
@Suite struct FaultProxyTests {
    @Test func forwardsBothWays() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port)
        let client = try TestSocket(port: proxy.port)
        try client.send("hello")
        #expect(client.receive(timeout: 5) == .bytes("hello"))
        proxy.stop()
    }

    @Test func silentlyDeadPassesNothingAndClosesNothingUntilItRecovers() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port)
        let client = try TestSocket(port: proxy.port)
        try client.send("one")
        #expect(client.receive(timeout: 5) == .bytes("one"))
        proxy.setMode(.silentlyDead)
        try client.send("two")
        #expect(client.receive(timeout: 0.3) == .timedOut)
        proxy.setMode(.forward)
        #expect(client.receive(timeout: 5) == .bytes("two"))
        proxy.stop()
    }

    @Test func aForgetfulNATHangsOldConnectionsAndServesNewOnes() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port)
        let old = try TestSocket(port: proxy.port)
        try old.send("a")
        #expect(old.receive(timeout: 5) == .bytes("a"))
        proxy.setMode(.forward, existing: .silentlyDead)
        let new = try TestSocket(port: proxy.port)
        try new.send("b")
        #expect(new.receive(timeout: 5) == .bytes("b"))
        try old.send("c")
        #expect(old.receive(timeout: 0.3) == .timedOut)
        proxy.stop()
    }

    @Test func resetSendsRSTOnOpenAndNewConnections() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port)
        let open = try TestSocket(port: proxy.port)
        try open.send("x")
        #expect(open.receive(timeout: 5) == .bytes("x"))
        proxy.setMode(.reset)
        #expect(open.receive(timeout: 5) == .reset)
        let new = try TestSocket(port: proxy.port)
        #expect(new.receive(timeout: 5) == .reset)
        #expect(proxy.openConnections == 0)
        proxy.stop()
    }

    @Test func neverAnswerReadsButNeverReplies() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port, mode: .neverAnswer)
        let client = try TestSocket(port: proxy.port)
        try client.send(String(repeating: "q", count: 100_000))
        #expect(client.receive(timeout: 0.3) == .timedOut)
        #expect(echo.acceptedConnections == 0, "a never-answering proxy must not reach the upstream")
        proxy.stop()
    }

    @Test func throttleHoldsEveryChunk() throws {
        let echo = try EchoServer()
        let proxy = try FaultProxy(upstreamPort: echo.port, mode: .throttle(delay: .milliseconds(150), chunkBytes: 4))
        let client = try TestSocket(port: proxy.port)
        let started = ContinuousClock.now
        try client.send("12345678")
        var received = ""
        while received.count < 8, case .bytes(let text) = client.receive(timeout: 5) { received += text }
        #expect(received == "12345678")
        // Two chunks each way, each held 150 ms once read; a chunk is read only after the one before it left, so the
        // last echoed byte needs at least three holds in sequence (a lower bound, not a benchmark).
        #expect(ContinuousClock.now - started >= .milliseconds(450))
        proxy.stop()
    }
}

/// What a blocking read on a test socket saw.
enum ReadOutcome: Equatable {
    case bytes(String)
    case closed
    case reset
    case timedOut
    case failed(Int32)
}

/// A blocking client socket to 127.0.0.1 with a read timeout.
final class TestSocket {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(descriptor)
            throw FaultProxyError("connect to \(port): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw FaultProxyError("send: errno \(errno)") }
            sent += count
        }
    }

    func receive(timeout: Double) -> ReadOutcome {
        var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(self.descriptor, &buffer, buffer.count)
        if count > 0 { return .bytes(String(decoding: buffer[0..<count], as: UTF8.self)) }
        if count == 0 { return .closed }
        return errno == ECONNRESET ? .reset : .failed(errno)
    }
}

/// An echo server on 127.0.0.1 (port from the OS), one thread per connection; stops when released.
final class EchoServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopped = false

    var acceptedConnections: Int { lock.withLock { accepted } }

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound else { throw FaultProxyError("echo server: errno \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve() }.start()
    }

    deinit { lock.withLock { stopped = true } }

    private func serve() {
        defer { close(listener) }
        while !lock.withLock({ stopped }) {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 20) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            lock.withLock { accepted += 1 }
            Thread {
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                while true {
                    let count = read(connection, &buffer, buffer.count)
                    guard count > 0 else { break }
                    _ = buffer.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
                }
                close(connection)
            }.start()
        }
    }
}
