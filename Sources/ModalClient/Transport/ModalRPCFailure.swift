import GRPCCore
import ModalProto
import SwiftProtobuf

/// A failed gRPC attempt, classified: its status, whether the standard schedule retries it, and the server's
/// throttle request (`RPCRetryPolicy` in `grpc-status-details-bin`) or lookup detail (`FunctionLookupError`).
struct ModalRPCFailure: Sendable {
    var status: ModalRPCStatus
    var message: String
    /// `retry_after_secs` of an `RPCRetryPolicy` detail.
    var retryAfter: Duration?
    /// A `FunctionLookupError` detail said the name is a class.
    var isClassName = false
    var underlying: any Error

    init(_ error: any Error) {
        underlying = error
        status = ModalRPCStatus(error)
        if let rpc = error as? RPCError {
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
            message = runtime.message
        } else {
            message = String(describing: error)
        }
    }

    /// The error to report when the failure is final.
    func modalError(method: String) -> ModalError {
        let detail = message.isEmpty ? "\(status)" : "\(message) (\(status))"
        return ModalError(
            code: status.errorCode,
            message: "Modal \(method) failed: \(detail)",
            rpcCode: status.code,
            underlying: underlying
        )
    }

    static func status(in metadata: Metadata) -> Modal_Client_RPCStatus? {
        for bytes in metadata[binaryValues: "grpc-status-details-bin"] {
            if let status = try? Modal_Client_RPCStatus(serializedBytes: bytes) { return status }
        }
        return nil
    }
}
