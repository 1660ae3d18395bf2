package import SecretsManager

/// Why the Modal token could not be had from its secret: Secrets Manager failed (the error keeps that failure's own
/// type, `SecretsManager.*`), or the secret does not hold a Modal API token (`Secret.*`). Messages name the secret
/// and its keys, never a value.
package struct ModalTokenError: Error, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable, CaseIterable {
        /// GetSecretValue failed; ``cause`` says how.
        case unreadable
        /// The secret still holds a placeholder instead of `ak-…`/`as-…` tokens (`Secret.Placeholder`).
        case secretPlaceholder
        /// The secret is not a JSON object with the two token keys, or holds a proxy token (`Secret.Invalid`).
        case secretInvalid
    }

    package var code: Code
    package var message: String
    /// The Secrets Manager failure of ``Code/unreadable``.
    package var cause: SecretsManagerError?

    package init(code: Code, message: String, cause: SecretsManagerError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// A failed GetSecretValue.
    package init(_ cause: SecretsManagerError) {
        self.init(code: .unreadable, message: cause.message, cause: cause)
    }

    /// `SecretsManager.*` (the cause's own type) or `Secret.*`.
    package var errorType: String {
        switch code {
        case .unreadable: cause?.errorType ?? "SecretsManager.RequestFailed"
        case .secretPlaceholder: "Secret.Placeholder"
        case .secretInvalid: "Secret.Invalid"
        }
    }

    /// The message, with the AWS error code, HTTP status and attempts of a Secrets Manager failure.
    package var errorMessage: String { cause?.detailedMessage ?? message }

    /// Whether it may go away by itself (throttling, 5xx, no answer, deadline): the provider serves its last good
    /// token through these for a grace period.
    package var isTransient: Bool { cause?.isTransient ?? false }

    /// The deadline passed before Secrets Manager answered.
    package var isTimeout: Bool { cause?.code == .timeout }

    package var description: String { "\(errorType): \(errorMessage)" }
}
