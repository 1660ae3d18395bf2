import EventDispatch
import LambdaRuntime
import ModalClient
import SecretsManager

// The one mapping to Lambda's {errorType, errorMessage}: every boundary error states its own stable type.

extension DispatchError: LambdaDiagnosable {
    package var errorMessage: String { message }
}

extension SecretsManagerError: LambdaDiagnosable {
    package var errorMessage: String { detailedMessage }
}

extension ModalTokenError: LambdaDiagnosable {}

extension ModalError: LambdaDiagnosable {
    package var errorMessage: String { message }

    /// The error an operator should see for this failed Modal call: when the call failed because the Modal token
    /// could not be read, the Secrets Manager or secret error underneath (`SecretsManager.Timeout`,
    /// `Secret.Placeholder`, …), never `Modal.Auth`; otherwise the call's own error.
    var reported: any LambdaDiagnosable {
        var cause: (any Error)? = underlying
        while let current = cause {
            if let token = current as? ModalTokenError { return token }
            if let secret = current as? SecretsManagerError { return secret }
            cause = (current as? ModalError)?.underlying
        }
        return self
    }
}

extension InvocationFailure {
    /// A failed Modal call as the dispatcher reports it, through ``ModalError/reported``.
    init(_ error: ModalError) {
        let reported = error.reported
        let isTimeout =
            (reported as? ModalTokenError)?.isTimeout ?? (reported as? SecretsManagerError).map { $0.code == .timeout }
            ?? error.isTimeout
        self.init(errorType: reported.errorType, message: reported.errorMessage, isTimeout: isTimeout)
    }
}
