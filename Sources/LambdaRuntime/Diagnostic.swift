package import RuntimeAPI

/// An error that knows how Lambda should show it: a stable `Category.Reason` type and a message that is safe to
/// return to the caller (no secrets, no internals).
package protocol LambdaDiagnosable: Error {
    var errorType: String { get }
    var errorMessage: String { get }
}

/// The one mapping from any error to Lambda's `{errorType, errorMessage}`.
package struct Diagnostic: Sendable, Hashable {
    package var errorType: String
    package var errorMessage: String

    package init(errorType: String, errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    package init(_ error: any Error) {
        if let diagnosable = error as? any LambdaDiagnosable {
            self.init(errorType: diagnosable.errorType, errorMessage: diagnosable.errorMessage)
        } else if error is CancellationError {
            self.init(errorType: "Runtime.Cancelled", errorMessage: "the invocation was cancelled")
        } else {
            // Unknown errors keep their type name only: their description may carry request data.
            self.init(errorType: "Runtime.Unhandled", errorMessage: "unhandled error of type \(type(of: error))")
        }
    }

    /// The body posted to the Runtime API.
    package var report: ErrorReport { ErrorReport(errorType: errorType, errorMessage: errorMessage) }
}
