import EventDispatch
import Primitives
import Synchronization

/// The figures of one invocation, collected where they happen: each Modal call's duration and outcome
/// (``ModalInvoker``) and the dispatcher's ``DispatchSummary``. ``BridgeHandler`` makes one per invocation when
/// metrics are on and hands it to ``BridgeMetrics`` at the end.
final class InvocationMetrics: Sendable {
    struct Snapshot: Sendable, Hashable {
        /// Each finished call's duration, in the order they finished.
        var callDurations: [Duration] = []
        var failedCalls = 0
        var summary: DispatchSummary?
    }

    private let state = Mutex(Snapshot())
    /// The clock the durations are measured on.
    let time: TimeSource

    init(time: TimeSource) {
        self.time = time
    }

    /// A finished Modal call.
    func recordCall(duration: Duration, failed: Bool) {
        state.withLock { state in
            state.callDurations.append(duration)
            if failed { state.failedCalls += 1 }
        }
    }

    /// The dispatcher's summary of the event.
    func recordDispatch(_ summary: DispatchSummary) {
        state.withLock { $0.summary = summary }
    }

    var snapshot: Snapshot { state.withLock { $0 } }
}
