import GRPCCore
import Logging
import ModalProto
import Synchronization

extension ModalClient {
    /// The function behind `reference`: from the cache, else `FunctionGet`. Checked with
    /// ``ModalResolvedFunction/validate()`` every time.
    func resolve(
        _ reference: ModalFunctionReference,
        context: ModalCallContext
    ) async throws(ModalError)
        -> ModalResolvedFunction
    {
        if let cached = functions.withLock({ $0[reference] }) {
            try cached.validate()
            return cached
        }
        if reference.functionName.contains(".") {
            throw .unsupported(
                "Modal function \(reference) names a class method; classes are not supported, only plain functions"
            )
        }
        var request = Modal_Client_FunctionGetRequest()
        request.appName = reference.appName
        request.objectTag = reference.functionName
        request.environmentName = reference.environmentName ?? ""
        let response: Modal_Client_FunctionGetResponse
        do throws(ModalError) {
            response = try await unary(
                Modal_Client_ModalClient.Method.FunctionGet.descriptor,
                request,
                on: control,
                context: context
            )
        } catch  where error.code == .notFound {
            var notFound = error
            let isClass = (error.underlying.map { ModalRPCFailure($0).isClassName }) ?? false
            notFound.message =
                isClass
                ? "Modal function \(reference) is a class; classes are not supported, only plain functions"
                : "Modal function \(reference) not found (is the app deployed in this environment?)"
            if let detail = (error.underlying.map { ModalRPCFailure($0).message }), !detail.isEmpty {
                notFound.message += ": \(detail)"
            }
            throw notFound
        }
        let resolved = ModalResolvedFunction(reference: reference, response: response)
        functions.withLock { $0[reference] = resolved }
        context.logger.debug(
            "Modal function looked up",
            metadata: [
                "modal.function": "\(reference)", "modal.function_id": "\(resolved.functionID)",
                "modal.input_plane": "\(resolved.inputPlaneURL != nil)",
            ]
        )
        try resolved.validate()
        return resolved
    }

    /// Runs `invoke` (one FunctionMap or AttemptStart); when it fails with NOT_FOUND or FAILED_PRECONDITION (the
    /// function was redeployed or removed), looks the function up again and runs it once more.
    func withFreshLookup<T>(
        _ reference: ModalFunctionReference,
        resolved: inout ModalResolvedFunction,
        context: ModalCallContext,
        _ invoke: (ModalResolvedFunction) async throws(ModalError) -> T
    ) async throws(ModalError) -> T {
        do throws(ModalError) {
            return try await invoke(resolved)
        } catch  where error.rpcCode == .notFound || error.rpcCode == .failedPrecondition {
            context.logger.debug(
                "Modal function call refused; looking the function up again",
                metadata: [
                    "modal.function": "\(reference)",
                    "modal.status": "\(error.rpcCode.map(ModalRPCStatus.name(of:)) ?? "")",
                ]
            )
            functions.withLock { $0[reference] = nil }
            resolved = try await resolve(reference, context: context)
            return try await invoke(resolved)
        }
    }
}
