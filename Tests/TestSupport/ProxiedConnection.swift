import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One connection through a ``FaultProxy``: the accepted client socket, the upstream socket (-1 until it is needed)
/// and the connection's own mode. ``pump(stopped:)`` runs on the connection's thread until either side closes, the
/// mode turns to `.reset`, or the proxy stops.
final class ProxiedConnection: @unchecked Sendable {
    let id: Int
    private let client: Int32
    private var upstream: Int32
    private let upstreamPort: Int
    private let lock = NSLock()
    private var currentMode: FaultProxy.Mode
    /// Client bytes read and dropped in `.neverAnswer`; such a connection cannot be resumed faithfully.
    private var discarded = 0

    init(id: Int, client: Int32, upstream: Int32, upstreamPort: Int, mode: FaultProxy.Mode) {
        self.id = id
        self.client = client
        self.upstream = upstream
        self.upstreamPort = upstreamPort
        currentMode = mode
    }

    /// Bumped by every mode change; the pump records the generation it acted on, so a change can wait until the pump
    /// has seen it (no byte moves under the old mode after ``setMode(_:)`` returns).
    private var generation = 0
    private var seenGeneration = 0
    private var finished = false

    var isFinished: Bool { lock.withLock { finished } }

    /// Switches the mode and waits (at most 2 s) until the pump acts on it or the connection is gone (for `.reset`:
    /// until both sides got their RST).
    func setMode(_ mode: FaultProxy.Mode) {
        let wanted: Int = lock.withLock {
            currentMode = mode
            generation += 1
            return generation
        }
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline, lock.withLock({ !finished && (seenGeneration < wanted || mode == .reset) }) {
            usleep(1_000)
        }
    }

    /// The mode for the next step of the pump, marking the change as seen.
    private func nextMode() -> FaultProxy.Mode {
        lock.withLock {
            seenGeneration = generation
            return currentMode
        }
    }

    /// Bytes of one direction that were read but not yet written, and when they may be written.
    private struct Direction {
        var pending: [UInt8] = []
        var sent = 0
        var releaseAt: ContinuousClock.Instant?
        var sourceClosed = false
        var finished = false
    }

    private enum Step {
        case goOn
        case done
    }

    func pump(stopped: () -> Bool) {
        defer { lock.withLock { finished = true } }
        setNonBlocking(client)
        if upstream >= 0 { setNonBlocking(upstream) }
        var outbound = Direction()  // client → upstream
        var inbound = Direction()  // upstream → client
        while true {
            if stopped() { return abortBoth() }
            switch nextMode() {
            case .reset:
                return abortBoth()
            case .silentlyDead:
                usleep(10_000)
            case .neverAnswer:
                if swallow() == .done { return closeBoth() }
            case .forward:
                if forward(&outbound, &inbound, delay: nil, chunk: 64 * 1024) == .done { return }
            case .throttle(let delay, let chunk):
                if forward(&outbound, &inbound, delay: delay, chunk: max(1, chunk)) == .done { return }
            }
        }
    }

    /// `.neverAnswer`: read and drop what the client sends; the client closing ends the connection.
    private func swallow() -> Step {
        var descriptor = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, 20)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(client, &buffer, buffer.count)
        if count > 0 {
            discarded += count
            return .goOn
        }
        return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) ? .done : .goOn
    }

    private func forward(
        _ outbound: inout Direction,
        _ inbound: inout Direction,
        delay: Duration?,
        chunk: Int
    ) -> Step {
        if upstream < 0 {
            // Accepted while dead or never answering: connect now, unless client bytes were already dropped.
            guard discarded == 0 else {
                abortBoth()
                return .done
            }
            upstream = FaultProxy.connect(port: upstreamPort)
            guard upstream >= 0 else {
                abortBoth()
                return .done
            }
            setNonBlocking(upstream)
        }
        var descriptors = [
            pollfd(fd: client, events: Int16(POLLIN | POLLOUT), revents: 0),
            pollfd(fd: upstream, events: Int16(POLLIN | POLLOUT), revents: 0),
        ]
        if outbound.pending.isEmpty { descriptors[1].events = Int16(POLLIN) }
        if inbound.pending.isEmpty { descriptors[0].events = Int16(POLLIN) }
        _ = poll(&descriptors, 2, 10)
        guard move(&outbound, from: client, to: upstream, delay: delay, chunk: chunk),
            move(&inbound, from: upstream, to: client, delay: delay, chunk: chunk)
        else {
            abortBoth()
            return .done
        }
        if outbound.finished, inbound.finished {
            closeBoth()
            return .done
        }
        return .goOn
    }

    /// One non-blocking read or write in one direction; false when the connection broke (then both sides get RST).
    private func move(
        _ direction: inout Direction,
        from source: Int32,
        to destination: Int32,
        delay: Duration?,
        chunk: Int
    ) -> Bool {
        if direction.pending.isEmpty, !direction.sourceClosed {
            var buffer = [UInt8](repeating: 0, count: chunk)
            let count = read(source, &buffer, chunk)
            if count > 0 {
                direction.pending = Array(buffer[0..<count])
                direction.sent = 0
                direction.releaseAt = delay.map { ContinuousClock.now + $0 }
            } else if count == 0 {
                direction.sourceClosed = true
            } else if errno != EAGAIN, errno != EWOULDBLOCK {
                return false
            }
        }
        if !direction.pending.isEmpty, direction.releaseAt.map({ ContinuousClock.now >= $0 }) ?? true {
            let count = direction.pending[direction.sent...].withUnsafeBytes {
                send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                direction.sent += count
                if direction.sent == direction.pending.count { direction.pending = [] }
            } else if count < 0, errno != EAGAIN, errno != EWOULDBLOCK {
                return false
            }
        }
        if direction.sourceClosed, direction.pending.isEmpty, !direction.finished {
            shutdown(destination, Int32(SHUT_WR))
            direction.finished = true
        }
        return true
    }

    private func setNonBlocking(_ socket: Int32) {
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
    }

    private func abortBoth() {
        FaultProxy.abort(client)
        FaultProxy.abort(upstream)
    }

    private func closeBoth() {
        close(client)
        if upstream >= 0 { close(upstream) }
    }
}
