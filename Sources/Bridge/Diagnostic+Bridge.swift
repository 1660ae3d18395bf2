import EventDispatch
import LambdaRuntime
import ModalClient
import SecretsManager

// The one mapping to Lambda's {errorType, errorMessage}: every boundary error states its own stable type.

extension DispatchError: LambdaDiagnosable {
    package var errorMessage: String { message }
}

extension SecretsManagerError: LambdaDiagnosable {
    package var errorMessage: String { message }
}

extension ModalError: LambdaDiagnosable {
    package var errorMessage: String { message }
}
