import GRPCCore
import ModalClient
import Testing

/// How failed attempts are classified: by `RPCError.Code`, into retried or final, and into the error users see.
@Suite("Modal RPC status classification")
struct ModalRPCStatusTests {
    private struct SocketClosed: Error {}

    @Test(arguments: [
        (RPCError.Code.unavailable, true, "Modal.Unavailable", "UNAVAILABLE"),
        (.deadlineExceeded, true, "Modal.Unavailable", "DEADLINE_EXCEEDED"),
        (.cancelled, true, "Modal.Unavailable", "CANCELLED"),
        (.internalError, true, "Modal.Unavailable", "INTERNAL"),
        (.unknown, true, "Modal.Unavailable", "UNKNOWN"),
        (.notFound, false, "Modal.NotFound", "NOT_FOUND"),
        (.unauthenticated, false, "Modal.Auth", "UNAUTHENTICATED"),
        (.permissionDenied, false, "Modal.PermissionDenied", "PERMISSION_DENIED"),
        (.resourceExhausted, false, "Modal.ResourceExhausted", "RESOURCE_EXHAUSTED"),
        (.invalidArgument, false, "Modal.InvalidArgument", "INVALID_ARGUMENT"),
        (.outOfRange, false, "Modal.InvalidArgument", "OUT_OF_RANGE"),
        (.failedPrecondition, false, "Modal.Conflict", "FAILED_PRECONDITION"),
        (.aborted, false, "Modal.Conflict", "ABORTED"),
        (.unimplemented, false, "Modal.ServiceError", "UNIMPLEMENTED"),
        (.dataLoss, false, "Modal.ServiceError", "DATA_LOSS"),
        (.alreadyExists, false, "Modal.ServiceError", "ALREADY_EXISTS"),
    ])
    func gRPCStatusCodes(code: RPCError.Code, retried: Bool, errorType: String, name: String) {
        let status = ModalRPCStatus(RPCError(code: code, message: "from the server"))
        #expect(status == .rpc(code))
        #expect(status.code == code)
        #expect(status.isRetryable == retried)
        #expect(ModalError(code: status.errorCode, message: "").errorType == errorType)
        #expect(status.description == name)
    }

    @Test func failuresBelowGRPC() {
        let transport = ModalRPCStatus(SocketClosed())
        #expect(transport == .transport && transport.code == nil)
        #expect(transport.isRetryable)
        #expect(ModalError(code: transport.errorCode, message: "").errorType == "Modal.Unavailable")
        #expect(transport.description == "TRANSPORT")

        let stopped = ModalRPCStatus(RuntimeError(code: .clientIsStopped, message: "stopped"))
        #expect(stopped == .clientStopped && stopped.code == nil)
        #expect(!stopped.isRetryable)
        #expect(ModalError(code: stopped.errorCode, message: "").errorType == "Modal.Unavailable")
        #expect(stopped.description == "CLIENT_STOPPED")

        // Any other grpc-swift runtime error is a transport failure (retried).
        #expect(ModalRPCStatus(RuntimeError(code: .transportError, message: "reset")) == .transport)
    }
}
