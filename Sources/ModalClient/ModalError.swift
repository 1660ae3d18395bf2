package import GRPCCore

/// The one error type of the Modal client boundary. Messages are safe to show to users: they never contain the token
/// id or secret, the auth JWT or request headers.
package struct ModalError: Error, CustomStringConvertible {
    /// What went wrong, in the categories the bridge reports as `errorType`.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// The app, function or environment does not exist (gRPC NOT_FOUND from a lookup).
        case notFound
        /// The function ran and failed (FAILURE, INIT_FAILURE, TERMINATED, evictions, …): see `exception`/`traceback`.
        case remoteError
        /// The caller's deadline would pass, or the function itself timed out (GENERIC_STATUS_TIMEOUT).
        case timeout
        /// The token pair was refused (UNAUTHENTICATED, also after one credential refresh).
        case auth
        /// PERMISSION_DENIED.
        case permissionDenied
        /// The function cannot be called from this client (no CBOR input, web endpoint, generator, class).
        case unsupportedFunction
        /// Modal could not be reached or kept failing with a retryable status (after the retries).
        case unavailable
        /// RESOURCE_EXHAUSTED, or server throttling beyond `MODAL_MAX_THROTTLE_WAIT`.
        case resourceExhausted
        /// The result cannot be turned into JSON (PICKLE, ASGI, undecodable CBOR, too large).
        case invalidOutput
        /// INTERNAL_FAILURE outputs kept coming after the system retries.
        case internalFailure
        /// Modal refused the request (INVALID_ARGUMENT, OUT_OF_RANGE).
        case invalidArgument
        /// FAILED_PRECONDITION or ABORTED (e.g. the function was redeployed and is stopped).
        case conflict
        /// Uploading or downloading a blob failed.
        case blobTransfer
        /// The calling task was cancelled.
        case cancelled
        /// Any other gRPC failure (UNIMPLEMENTED, DATA_LOSS, ALREADY_EXISTS, …).
        case serviceError
        /// The client configuration is invalid (server URL, throttle wait).
        case configInvalid
    }

    package var code: Code
    package var message: String
    /// The `exception` of a remote failure (the `repr()` of the Python exception), when Modal sent one.
    package var exception: String?
    /// The formatted Python traceback of a remote failure, when Modal sent one.
    package var traceback: String?
    /// The gRPC status code when the error came from a gRPC status.
    package var rpcCode: RPCError.Code?
    package var underlying: (any Error)?

    package init(
        code: Code,
        message: String,
        exception: String? = nil,
        traceback: String? = nil,
        rpcCode: RPCError.Code? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.exception = exception
        self.traceback = traceback
        self.rpcCode = rpcCode
        self.underlying = underlying
    }

    /// `Category.Reason`, as the Lambda error response's `errorType`.
    package var errorType: String {
        switch code {
        case .notFound: "Modal.NotFound"
        case .remoteError: "Modal.RemoteError"
        case .timeout: "Modal.Timeout"
        case .auth: "Modal.Auth"
        case .permissionDenied: "Modal.PermissionDenied"
        case .unsupportedFunction: "Modal.UnsupportedFunction"
        case .unavailable: "Modal.Unavailable"
        case .resourceExhausted: "Modal.ResourceExhausted"
        case .invalidOutput: "Modal.InvalidOutput"
        case .internalFailure: "Modal.InternalFailure"
        case .invalidArgument: "Modal.InvalidArgument"
        case .conflict: "Modal.Conflict"
        case .blobTransfer: "Modal.BlobTransfer"
        case .cancelled: "Modal.Cancelled"
        case .serviceError: "Modal.ServiceError"
        case .configInvalid: "Config.Invalid"
        }
    }

    /// True for ``Code/timeout``: the call did not finish in time (the caller's deadline or the function's own).
    package var isTimeout: Bool { code == .timeout }

    package var description: String {
        var text = "\(errorType): \(message)"
        if let exception, !message.contains(exception) { text += " (\(exception))" }
        return text
    }
}

extension ModalError {
    /// A `Config.Invalid` error.
    package static func config(_ message: String) -> ModalError {
        ModalError(code: .configInvalid, message: message)
    }

    static func timeout(_ message: String, underlying: (any Error)? = nil) -> ModalError {
        ModalError(code: .timeout, message: message, underlying: underlying)
    }

    static func cancelled(_ underlying: (any Error)? = nil) -> ModalError {
        ModalError(code: .cancelled, message: "the Modal call was cancelled", underlying: underlying)
    }

    static func unsupported(_ message: String) -> ModalError {
        ModalError(code: .unsupportedFunction, message: message)
    }

    static func invalidOutput(_ message: String, underlying: (any Error)? = nil) -> ModalError {
        ModalError(code: .invalidOutput, message: message, underlying: underlying)
    }

    static func blob(_ message: String, underlying: (any Error)? = nil) -> ModalError {
        ModalError(code: .blobTransfer, message: message, underlying: underlying)
    }
}
