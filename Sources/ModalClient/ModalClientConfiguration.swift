/// Settings of a ``ModalClient``. Read once from the environment with ``init(environment:)``; every other field has
/// the value the official clients use.
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

    /// Reads `MODAL_SERVER_URL` (default `https://api.modal.com:443`) and `MODAL_MAX_THROTTLE_WAIT` (seconds, a
    /// non-negative number; unset or empty = no limit). Invalid values are `Config.Invalid` naming the variable.
    package init(environment: [String: String]) throws(ModalError) {
        self.init()
        if let url = environment["MODAL_SERVER_URL"]?.trimmingSpaces(), !url.isEmpty {
            serverURL = url
        }
        _ = try ModalEndpoint(url: serverURL, name: "MODAL_SERVER_URL")
        if let text = environment["MODAL_MAX_THROTTLE_WAIT"]?.trimmingSpaces(), !text.isEmpty {
            guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 * 365 else {
                throw .config("MODAL_MAX_THROTTLE_WAIT must be a number of seconds ≥ 0 (got '\(text)')")
            }
            maxThrottleWait = .seconds(seconds)
        }
    }
}
