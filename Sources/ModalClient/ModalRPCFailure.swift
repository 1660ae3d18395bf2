import GRPCCore
import ModalProto
import SwiftProtobuf

/// A failed gRPC attempt, classified: its status name, whether the standard schedule retries it, and the server's
/// throttle request (`RPCRetryPolicy` in `grpc-status-details-bin`) or lookup detail (`FunctionLookupError`).
struct ModalRPCFailure: Sendable {
    /// `UNAVAILABLE`, …; `TRANSPORT` for an error that is not a gRPC status.
    var statusName: String
    var message: String
    /// `retry_after_secs` of an `RPCRetryPolicy` detail.
    var retryAfter: Duration?
    /// A `FunctionLookupError` detail said the name is a class.
    var isClassName = false
    var underlying: any Error

    init(_ error: any Error) {
        underlying = error
        if let rpc = error as? RPCError {
            statusName = Self.name(of: rpc.code)
            message = rpc.message
            if let status = Self.status(in: rpc.metadata) {
                for detail in status.details {
                    if detail.typeURL.hasSuffix("modal.client.RPCRetryPolicy"),
                        let policy = try? Modal_Client_RPCRetryPolicy(serializedBytes: detail.value)
                    {
                        let seconds = Double(policy.retryAfterSecs)
                        retryAfter = seconds.isFinite ? .seconds(max(0, seconds)) : nil
                    }
                    if detail.typeURL.hasSuffix("modal.client.FunctionLookupError"),
                        let lookup = try? Modal_Client_FunctionLookupError(serializedBytes: detail.value)
                    {
                        isClassName = lookup.reason == .classNameUsed
                    }
                }
            }
        } else if let runtime = error as? RuntimeError {
            statusName = runtime.code == .clientIsStopped ? "CLIENT_STOPPED" : "TRANSPORT"
            message = runtime.message
        } else {
            statusName = "TRANSPORT"
            message = String(describing: error)
        }
    }

    /// Retried with the standard schedule: the five transient codes and transport errors.
    var isRetryable: Bool {
        statusName == "TRANSPORT" || modalRetryableStatusNames.contains(statusName)
    }

    /// The error to report when the failure is final.
    func modalError(method: String) -> ModalError {
        let code: ModalError.Code =
            switch statusName {
            case "NOT_FOUND": .notFound
            case "UNAUTHENTICATED": .auth
            case "PERMISSION_DENIED": .permissionDenied
            case "RESOURCE_EXHAUSTED": .resourceExhausted
            case "INVALID_ARGUMENT", "OUT_OF_RANGE": .invalidArgument
            case "FAILED_PRECONDITION", "ABORTED": .conflict
            case "UNAVAILABLE", "DEADLINE_EXCEEDED", "CANCELLED", "INTERNAL", "UNKNOWN", "TRANSPORT", "CLIENT_STOPPED":
                .unavailable
            default: .serviceError
            }
        let detail = message.isEmpty ? statusName : "\(message) (\(statusName))"
        return ModalError(
            code: code,
            message: "Modal \(method) failed: \(detail)",
            rpcCode: statusName == "TRANSPORT" ? nil : statusName,
            underlying: underlying
        )
    }

    static func status(in metadata: Metadata) -> Modal_Client_RPCStatus? {
        for bytes in metadata[binaryValues: "grpc-status-details-bin"] {
            if let status = try? Modal_Client_RPCStatus(serializedBytes: bytes) { return status }
        }
        return nil
    }

    static func name(of code: RPCError.Code) -> String {
        switch code {
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internalError: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        default: "CODE_\(code.rawValue)"
        }
    }
}
