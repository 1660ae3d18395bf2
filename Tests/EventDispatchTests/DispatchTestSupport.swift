import EventDispatch
import JSON
import LambdaEvents
import Logging
import Synchronization
import TestSupport
import Testing

/// An in-memory invoker: records every payload, tracks how many calls overlap, answers with `behaviour`.
final class RecordingInvoker: Invoker {
    typealias Behaviour = @Sendable (JSONValue) async -> Result<InvocationOutcome, InvocationFailure>

    private struct State {
        var payloads: [JSONValue] = []
        var inFlight = 0
        var maxInFlight = 0
    }

    private let behaviour: Behaviour
    private let state = Mutex(State())

    init(_ behaviour: @escaping Behaviour = { _ in .success(.result(["ok": true])) }) {
        self.behaviour = behaviour
    }

    /// Answers every call with `outcome`.
    convenience init(always outcome: InvocationOutcome) {
        self.init { _ in .success(outcome) }
    }

    /// Fails every call with `failure`.
    convenience init(failing failure: InvocationFailure) {
        self.init { _ in .failure(failure) }
    }

    func invoke(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome {
        state.withLock {
            $0.payloads.append(payload)
            $0.inFlight += 1
            $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
        }
        let result = await behaviour(payload)
        state.withLock { $0.inFlight -= 1 }
        return try result.get()
    }

    /// Payloads in the order calls started.
    var payloads: [JSONValue] { state.withLock { $0.payloads } }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
}

/// Collects log lines so tests can assert on them.
struct CollectingLogHandler: LogHandler {
    final class Store: Sendable {
        private let lines = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])
        func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
            lines.withLock { $0.append((level, message, metadata)) }
        }
        var messages: [String] { lines.withLock { $0.map(\.message) } }
        var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(event.level, event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
    }
}

/// Releases callers once `target` of them wait at the same time, proving that many calls overlap; a watchdog
/// opens it (and records that) if that never happens, so a sequential implementation fails instead of hanging.
actor Gate {
    let target: Int
    private var arrived = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private(set) var opened = false
    private(set) var forced = false

    init(target: Int) { self.target = target }

    func arrive() async {
        arrived += 1
        if opened { return }
        if arrived >= target {
            open()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func force() {
        guard !opened else { return }
        forced = true
        open()
    }

    private func open() {
        opened = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

enum DispatchTestSupport {
    static let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func collectingLogger() -> (Logger, CollectingLogHandler.Store) {
        let store = CollectingLogHandler.Store()
        return (Logger(label: "test") { _ in CollectingLogHandler(store: store) }, store)
    }

    /// Runs the dispatcher on `bytes`; the response (also checked to equal what `handle` writes) or the error.
    static func run(
        _ bytes: [UInt8],
        configuration: DispatchConfiguration,
        invoker: RecordingInvoker,
        logger: Logger = quietLogger
    ) async -> Result<JSONValue, DispatchError> {
        let dispatcher = Dispatcher(configuration: configuration, invoker: invoker)
        do {
            let output = try await dispatcher.handle(event: bytes, logger: logger)
            return .success(try JSONValue(parsing: output))
        } catch let error as DispatchError {
            return .failure(error)
        } catch {
            Issue.record("handle produced bytes that are not JSON: \(error)")
            return .failure(.invalidEvent("test: response not JSON"))
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] { try EventFixtures.bytes(name) }

    static func kind(of name: String) throws -> EventKind {
        try InboundEvent(bytes: fixture(name)).kind
    }

    /// The member names of an object, in order.
    static func keys(_ value: JSONValue?) -> [String] { value?.objectValue?.keys ?? [] }

    static let remoteError = InvocationFailure(errorType: "Modal.RemoteError", message: "ValueError: boom")
    static let timeout = InvocationFailure(errorType: "Modal.Timeout", message: "deadline exceeded", isTimeout: true)
}
