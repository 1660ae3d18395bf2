/// Why an invocation must be reported to Lambda as an error (posted to `/error`). HTTP sources never produce one:
/// their failures become 502/504 responses.
package struct DispatchError: Error, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The event body is not JSON, or an SQS record that cannot be identified failed (`Bridge.InvalidEvent`).
        case invalidEvent
        /// The single call of the invocation failed; `errorType` is the invoker's (e.g. `Modal.RemoteError`).
        case invocationFailed
        /// In `record` mode, some S3/SNS records failed (`Bridge.RecordsFailed`): the whole event is retried.
        case recordsFailed
    }

    package var code: Code
    package var message: String
    package var underlying: (any Error)?

    package init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    package static func invalidEvent(_ message: String, underlying: (any Error)? = nil) -> DispatchError {
        DispatchError(code: .invalidEvent, message: message, underlying: underlying)
    }

    package static func invocationFailed(_ failure: InvocationFailure) -> DispatchError {
        DispatchError(code: .invocationFailed, message: failure.message, underlying: failure)
    }

    package static func recordsFailed(_ message: String, underlying: InvocationFailure?) -> DispatchError {
        DispatchError(code: .recordsFailed, message: message, underlying: underlying)
    }

    /// Lambda's `Category.Reason` error type for `/error`.
    package var errorType: String {
        switch code {
        case .invalidEvent: return "Bridge.InvalidEvent"
        case .recordsFailed: return "Bridge.RecordsFailed"
        case .invocationFailed: return (underlying as? InvocationFailure)?.errorType ?? "Bridge.InvocationFailed"
        }
    }

    package var description: String { "\(errorType): \(message)" }
}
