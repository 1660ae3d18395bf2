package import GRPCCore

/// How a failed RPC attempt ended: with a gRPC status code, or below gRPC (no status at all).
package enum ModalRPCStatus: Sendable, Hashable, CustomStringConvertible {
    /// The server (or grpc-swift on its behalf) answered with this status code.
    case rpc(RPCError.Code)
    /// The gRPC client of the connection was already stopped (the Modal client is shutting down).
    case clientStopped
    /// No gRPC status: the connection or the transport failed.
    case transport

    /// The codes the standard schedule retries, as all official clients do: UNAVAILABLE, DEADLINE_EXCEEDED,
    /// CANCELLED, INTERNAL and UNKNOWN.
    package static let retryableCodes: Set<RPCError.Code> = [
        .unavailable, .deadlineExceeded, .cancelled, .internalError, .unknown,
    ]

    /// The status of `error` as grpc-swift reports it.
    package init(_ error: any Error) {
        if let rpc = error as? RPCError {
            self = .rpc(rpc.code)
        } else if let runtime = error as? RuntimeError, runtime.code == .clientIsStopped {
            self = .clientStopped
        } else {
            self = .transport
        }
    }

    /// The gRPC status code, when there is one.
    package var code: RPCError.Code? {
        if case .rpc(let code) = self { return code }
        return nil
    }

    /// Retried with the standard schedule: the five transient codes and failures below gRPC.
    package var isRetryable: Bool {
        switch self {
        case .rpc(let code): Self.retryableCodes.contains(code)
        case .transport: true
        case .clientStopped: false
        }
    }

    /// The ``ModalError/Code`` a final failure with this status is reported as.
    package var errorCode: ModalError.Code {
        switch self {
        case .transport, .clientStopped: return .unavailable
        case .rpc(let code):
            switch code {
            case .notFound: return .notFound
            case .unauthenticated: return .auth
            case .permissionDenied: return .permissionDenied
            case .resourceExhausted: return .resourceExhausted
            case .invalidArgument, .outOfRange: return .invalidArgument
            case .failedPrecondition, .aborted: return .conflict
            case _ where Self.retryableCodes.contains(code): return .unavailable
            default: return .serviceError
            }
        }
    }

    /// The status as the gRPC specification names it (`UNAVAILABLE`, …), for messages and logs; `TRANSPORT` and
    /// `CLIENT_STOPPED` below gRPC.
    package var description: String {
        switch self {
        case .transport: return "TRANSPORT"
        case .clientStopped: return "CLIENT_STOPPED"
        case .rpc(let code): return Self.name(of: code)
        }
    }

    /// The gRPC specification's name of `code`.
    package static func name(of code: RPCError.Code) -> String {
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
