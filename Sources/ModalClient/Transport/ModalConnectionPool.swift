import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// The HTTP/2 connections to one Modal plane, each carrying at most ``Limits/streamsPerConnection`` RPCs at a time.
///
/// Two faults shaped it:
/// - **Frozen sandbox.** Lambda freezes the process between invocations; a NAT or the server may drop the TCP
///   connection meanwhile without a FIN or RST, and the first RPC after the thaw then waits on a dead socket until a
///   timeout. A connection that carried no RPC for ``Limits/reconnectAfterIdle`` is therefore retired (closed
///   gracefully in the background) before the next RPC, which gets a fresh one. Keepalive pings cannot do this job:
///   they do not run while the process is frozen, and after the thaw they need their own timeout to notice.
/// - **Mass cancellation.** More RPCs than the server's `MAX_CONCURRENT_STREAMS` on one connection are parked in
///   NIO's concurrent-stream buffer; cancelling a parked stream trips an assertion in grpc-swift-nio-transport
///   (docs/bridge.md, "Modal connections"). RPCs over the per-connection bound go to another connection (up to
///   ``Limits/maxConnections``) or wait for a slot, bounded by their deadline, so no stream is ever parked.
final class ModalConnectionPool: Sendable {
    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    struct Limits: Sendable {
        /// RPCs in flight on one connection; below the usual server limits (100 in h2/grpclib, 128 in nginx).
        var streamsPerConnection: Int
        /// Connections to one plane.
        var maxConnections: Int
        /// A connection idle for longer is replaced before its next RPC; `nil` keeps it.
        var reconnectAfterIdle: Duration?
    }

    /// A slot on one connection, held for one RPC attempt.
    struct Lease: Sendable {
        let connectionID: Int
        let client: Client
    }

    private struct Entry {
        var id: Int
        var client: Client
        var inFlight = 0
        var lastUsed: ContinuousClock.Instant
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Lease?, Never>
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [Waiter] = []
        var nextID = 0
        var isShutDown = false
    }

    let limits: Limits
    private let makeClient: @Sendable () throws -> Client
    private let start: @Sendable (Client) -> Void
    private let state = Mutex(State())

    /// `first` is the first connection's client; `makeClient` builds one for each further connection; `start` runs
    /// a client's connections (``ModalClient/run()``).
    init(
        limits: Limits,
        first: Client,
        makeClient: @escaping @Sendable () throws -> Client,
        start: @escaping @Sendable (Client) -> Void
    ) {
        self.limits = Limits(
            streamsPerConnection: max(1, limits.streamsPerConnection),
            maxConnections: max(1, limits.maxConnections),
            reconnectAfterIdle: limits.reconnectAfterIdle
        )
        self.makeClient = makeClient
        self.start = start
        state.withLock { state in
            state.nextID = 1
            state.entries = [Entry(id: 1, client: first, lastUsed: .now)]
        }
        start(first)
    }

    /// A slot for one RPC, waiting for one until `deadline` when every connection is full. `nil` when the deadline
    /// passed, the task was cancelled or the pool is shut down. Throws when a client cannot be built.
    func acquire(until deadline: ContinuousClock.Instant) async throws -> Lease? {
        let (lease, retired) = try state.withLock { state throws -> (Lease?, [Client]) in
            try takeSlot(&state)
        }
        for client in retired { client.beginGracefulShutdown() }
        if let lease { return lease }
        if state.withLock({ $0.isShutDown }) { return nil }
        return await waitForSlot(until: deadline)
    }

    /// Gives the slot back (to the first waiter, if any).
    func release(_ lease: Lease) {
        let handoff: (Waiter, Lease)? = state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.id == lease.connectionID }) else { return nil }
            state.entries[index].lastUsed = .now
            guard !state.waiters.isEmpty else {
                state.entries[index].inFlight -= 1
                return nil
            }
            // The slot passes straight to the longest waiter (same connection, in-flight count unchanged).
            return (state.waiters.removeFirst(), lease)
        }
        if let (waiter, lease) = handoff { waiter.continuation.resume(returning: lease) }
    }

    /// Gives the slot back and takes the connection out of the pool (closed once its other RPCs are done): after a
    /// connection-level failure (UNAVAILABLE), so the retry opens a fresh connection instead of waiting out the
    /// transport's reconnect backoff (a restarted server was refused for seconds).
    func retire(_ lease: Lease) {
        let client: Client? = state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.id == lease.connectionID }) else { return nil }
            return state.entries.remove(at: index).client
        }
        client?.beginGracefulShutdown()
    }

    /// Closes every connection once its RPCs are done and wakes every waiter with `nil`.
    func shutdown() {
        let (clients, waiters) = state.withLock { state in
            state.isShutDown = true
            defer { state.waiters = [] }
            return (state.entries.map(\.client), state.waiters)
        }
        for client in clients { client.beginGracefulShutdown() }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// Retires idle connections, then takes a free slot, opening a connection when all are full and the limit allows.
    private func takeSlot(_ state: inout State) throws -> (Lease?, [Client]) {
        guard !state.isShutDown else { return (nil, []) }
        let now = ContinuousClock.now
        var retired: [Client] = []
        if let idleLimit = limits.reconnectAfterIdle {
            state.entries.removeAll { entry in
                guard entry.inFlight == 0, now - entry.lastUsed > idleLimit else { return false }
                retired.append(entry.client)
                return true
            }
        }
        if let index = state.entries.firstIndex(where: { $0.inFlight < limits.streamsPerConnection }) {
            state.entries[index].inFlight += 1
            state.entries[index].lastUsed = now
            return (Lease(connectionID: state.entries[index].id, client: state.entries[index].client), retired)
        }
        guard state.entries.count < limits.maxConnections else { return (nil, retired) }
        let client = try makeClient()
        state.nextID += 1
        state.entries.append(Entry(id: state.nextID, client: client, inFlight: 1, lastUsed: now))
        start(client)
        return (Lease(connectionID: state.nextID, client: client), retired)
    }

    private func waitForSlot(until deadline: ContinuousClock.Instant) async -> Lease? {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Lease?, Never>) in
                let ready: Bool = state.withLock { state in
                    if state.isShutDown || Task.isCancelled || deadline <= .now { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return true
                }
                if !ready { continuation.resume(returning: nil) }
            }
        } onCancel: {
            expire(id)
        }
    }

    /// Wakes waiter `id` with `nil` if it is still waiting.
    private func expire(_ id: Int) {
        let waiter: Waiter? = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: nil)
    }
}
