/// Everything that can go wrong reading a secret with GetSecretValue (what the secret holds is the caller's
/// business). Messages are safe to log: they never hold a secret value, an AWS key or a session token.
package struct SecretsManagerError: Error, CustomStringConvertible {
    /// What went wrong.
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// IAM, a resource policy or KMS denied the call (`SecretsManager.AccessDenied`).
        case accessDenied
        /// No such secret, or no such version/stage (`SecretsManager.NotFound`).
        case notFound
        /// The service throttled the call, also after retrying (`SecretsManager.Throttled`).
        case throttled
        /// KMS could not decrypt the secret (`SecretsManager.DecryptionFailure`).
        case decryptionFailure
        /// The service rejected the request's parameters or the secret's state (`SecretsManager.InvalidRequest`).
        case invalidRequest
        /// The signature did not match: wrong secret key, skewed clock or a signer bug
        /// (`SecretsManager.InvalidSignature`).
        case signatureRejected
        /// Unknown access key ID, wrong or expired session token (`SecretsManager.InvalidCredentials`).
        case invalidCredentials
        /// A 5xx or a transient service error, also after retrying (`SecretsManager.ServiceUnavailable`).
        case serviceUnavailable
        /// No HTTP response: connection refused, reset or timed out (`SecretsManager.ConnectionFailed`).
        case connectionFailed
        /// The invocation deadline passed, or would have, before an answer (`SecretsManager.Timeout`).
        case timeout
        /// The calling task was cancelled (`SecretsManager.Cancelled`).
        case cancelled
        /// Any other error code from the service (`SecretsManager.RequestFailed`).
        case requestFailed
        /// A 200 response that is not a GetSecretValue result (`SecretsManager.InvalidResponse`).
        case invalidResponse
    }

    /// What went wrong.
    package var code: Code
    /// A description safe to log.
    package var message: String
    /// The error underneath (a connection error, a JSON error), if any.
    package var underlying: (any Error)?
    /// The sanitized AWS error code (`ResourceNotFoundException`), when the service answered with one.
    package var awsErrorCode: String?
    /// The HTTP status of the last response, when there was one.
    package var httpStatus: Int?
    /// How many HTTP attempts were made (0 when the call was refused before sending).
    package var attempts: Int

    /// An error from its parts.
    package init(
        code: Code,
        message: String,
        underlying: (any Error)? = nil,
        awsErrorCode: String? = nil,
        httpStatus: Int? = nil,
        attempts: Int = 0
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.awsErrorCode = awsErrorCode
        self.httpStatus = httpStatus
        self.attempts = attempts
    }

    /// Lambda's `Category.Reason` form of `code`.
    package var errorType: String {
        switch code {
        case .accessDenied: "SecretsManager.AccessDenied"
        case .notFound: "SecretsManager.NotFound"
        case .throttled: "SecretsManager.Throttled"
        case .decryptionFailure: "SecretsManager.DecryptionFailure"
        case .invalidRequest: "SecretsManager.InvalidRequest"
        case .signatureRejected: "SecretsManager.InvalidSignature"
        case .invalidCredentials: "SecretsManager.InvalidCredentials"
        case .serviceUnavailable: "SecretsManager.ServiceUnavailable"
        case .connectionFailed: "SecretsManager.ConnectionFailed"
        case .timeout: "SecretsManager.Timeout"
        case .cancelled: "SecretsManager.Cancelled"
        case .requestFailed: "SecretsManager.RequestFailed"
        case .invalidResponse: "SecretsManager.InvalidResponse"
        }
    }

    /// Whether the error may go away by itself (throttling, 5xx, no response, deadline): these are retried, and
    /// a cache of what was read (the bridge's Modal token) may keep serving its last good value through them.
    package var isTransient: Bool {
        switch code {
        case .throttled, .serviceUnavailable, .connectionFailed, .timeout: true
        default: false
        }
    }

    /// ``message`` with the AWS error code, HTTP status and attempt count: what an operator reads next to
    /// ``errorType`` (safe to log and to return, like ``message``).
    package var detailedMessage: String {
        var text = message
        if let awsErrorCode { text += " [\(awsErrorCode)" + (httpStatus.map { ", HTTP \($0)]" } ?? "]") }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    package var description: String { "\(errorType): \(detailedMessage)" }
}
