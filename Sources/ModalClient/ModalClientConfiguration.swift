/// Settings of a ``ModalClient``, from values (the bridge reads `MODAL_SERVER_URL`, `MODAL_MAX_THROTTLE_WAIT` and
/// `MODAL_RECONNECT_AFTER_IDLE` from the environment); every other field has the value the official clients use.
package struct ModalClientConfiguration: Sendable {
    /// The default control-plane URL.
    package static let defaultServerURL = "https://api.modal.com:443"
    /// Sent as `x-modal-libmodal-version`.
    package static let defaultLibraryVersion = "modal-bridge-swift/1.0.0"

    /// `MODAL_SERVER_URL`: `https://…` (TLS, system roots) or `http://…` (plaintext h2c).
    package var serverURL: String
    /// `MODAL_MAX_THROTTLE_WAIT`: the total time server-requested throttle waits may take per logical call. `nil`
    /// means no limit; zero turns throttle retries off.
    package var maxThrottleWait: Duration?
    /// Every call returns (with a timeout error if need be) at least this long before its deadline.
    package var deadlineMargin: Duration = .seconds(1)
    /// Time kept on top of ``deadlineMargin`` for what follows a call: the other calls of a batch settling, the
    /// response being built and posted. Without it the answer reaches Lambda a few milliseconds inside the margin;
    /// with 0.25 s a timed-out spawn was posted 0.81 s before the deadline while the test suite loaded both cores.
    /// Margin + reserve = 1.5 s, the runtime's `InvocationBudget` margin: every network step ends by the same limit.
    package var resultReserve: Duration = .milliseconds(500)
    /// `MODAL_RECONNECT_AFTER_IDLE`: a connection that carried no RPC for longer is replaced before the next RPC
    /// (a thawed Lambda sandbox may hold a connection that died silently while it was frozen). `nil`: never.
    package var reconnectAfterIdle: Duration? = .seconds(10)
    /// RPCs in flight on one HTTP/2 connection (kept below the server's `MAX_CONCURRENT_STREAMS`).
    package var streamsPerConnection = 64
    /// Connections to one plane; with ``streamsPerConnection`` this bounds the RPCs in flight per plane.
    package var maxConnectionsPerPlane = 16
    /// The time `FunctionCallCancel` may take after a remote call ran out of time (inside the margin budget).
    package var cancelTimeout: Duration = .milliseconds(500)
    /// Per-attempt timeout of ordinary unary calls (always bounded by the call's deadline).
    package var rpcTimeout: Duration = .seconds(10)
    /// Per-attempt timeout of `AuthTokenGet`.
    package var authTokenTimeout: Duration = .seconds(5)
    /// The server-side long-poll of `FunctionGetOutputs` / `AttemptAwait` (at most 55 s).
    package var maxPollDuration: Duration = .seconds(55)
    /// Extra time a long-poll RPC may take beyond its server-side poll time.
    package var pollGrace: Duration = .seconds(5)
    /// gRPC retry schedule for transient failures.
    package var retryPolicy: ModalRetryPolicy = .standard
    /// How often an INTERNAL_FAILURE output is retried (FunctionRetryInputs / AttemptRetry).
    package var maxInternalFailureRetries: Int = 8
    /// Largest message sent or accepted over gRPC (the official clients use 100 MB).
    package var maxMessageBytes: Int = 100 * 1024 * 1024
    /// Largest output blob downloaded.
    package var maxOutputBlobBytes: Int = 256 * 1024 * 1024
    /// `x-modal-libmodal-version`.
    package var libraryVersion: String = ModalClientConfiguration.defaultLibraryVersion

    package init(serverURL: String = ModalClientConfiguration.defaultServerURL, maxThrottleWait: Duration? = nil) {
        self.serverURL = serverURL
        self.maxThrottleWait = maxThrottleWait
    }

    /// The instant by which a call to be answered by `deadline` must be over: the margin and the reserve before it.
    package func callDeadline(for deadline: ContinuousClock.Instant) -> ContinuousClock.Instant {
        deadline - deadlineMargin - resultReserve
    }

    var connectionLimits: ModalConnectionPool.Limits {
        ModalConnectionPool.Limits(
            streamsPerConnection: streamsPerConnection,
            maxConnections: maxConnectionsPerPlane,
            reconnectAfterIdle: reconnectAfterIdle
        )
    }
}
