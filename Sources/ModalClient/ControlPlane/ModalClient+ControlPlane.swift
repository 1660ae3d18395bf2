import Logging
import ModalProto
import SwiftProtobuf

/// A function call started through `FunctionMap`.
struct ModalMappedCall: Sendable {
    var functionCallID: String
    var functionCallJWT: String
    var inputJWT: String
}

/// The output that ends a remote call (anything but INTERNAL_FAILURE, or the last one).
typealias ModalFinishedOutput = Modal_Client_FunctionGetOutputsItem

extension ModalClient {
    /// `FunctionMap` with one pipelined input; falls back to `FunctionPutInputs` when the answer carries no
    /// pipelined input.
    func functionMap(
        _ function: ModalResolvedFunction,
        input: Modal_Client_FunctionInput,
        invocation: Modal_Client_FunctionCallInvocationType,
        context: ModalCallContext
    ) async throws(ModalError) -> ModalMappedCall {
        var item = Modal_Client_FunctionPutInputsItem()
        item.idx = 0
        item.input = input
        let response = try await startCall(function, type: .unary, invocation: invocation, [item], context: context)
        var call = ModalMappedCall(
            functionCallID: response.functionCallID,
            functionCallJWT: response.functionCallJwt,
            inputJWT: response.pipelinedInputs.first?.inputJwt ?? ""
        )
        if response.pipelinedInputs.isEmpty {
            let taken = try await putInputs(function, call: response.functionCallID, [item], context: context)
            guard let first = taken.first else {
                throw ModalError(
                    code: .resourceExhausted,
                    message: "Modal did not accept the input of function \(function.reference) (its queue seems full)"
                )
            }
            call.inputJWT = first.inputJwt
        }
        return call
    }

    /// One `FunctionMap`: a new function call of `type` carrying `pipelined` inputs.
    func startCall(
        _ function: ModalResolvedFunction,
        type: Modal_Client_FunctionCallType,
        invocation: Modal_Client_FunctionCallInvocationType,
        _ pipelined: [Modal_Client_FunctionPutInputsItem],
        context: ModalCallContext
    ) async throws(ModalError) -> Modal_Client_FunctionMapResponse {
        var request = Modal_Client_FunctionMapRequest()
        request.functionID = function.functionID
        request.parentInputID = ""
        request.functionCallType = type
        request.functionCallInvocationType = invocation
        request.pipelinedInputs = pipelined
        return try await unary(
            Modal_Client_ModalClient.Method.FunctionMap.descriptor,
            request,
            returning: Modal_Client_FunctionMapResponse.self,
            on: control,
            context: context
        )
    }

    /// One `FunctionPutInputs` of `items` into function call `call`; returns the inputs the server took.
    func putInputs(
        _ function: ModalResolvedFunction,
        call: String,
        _ items: [Modal_Client_FunctionPutInputsItem],
        context: ModalCallContext
    ) async throws(ModalError) -> [Modal_Client_FunctionPutInputsResponseItem] {
        var request = Modal_Client_FunctionPutInputsRequest()
        request.functionID = function.functionID
        request.functionCallID = call
        request.inputs = items
        let response = try await unary(
            Modal_Client_ModalClient.Method.FunctionPutInputs.descriptor,
            request,
            returning: Modal_Client_FunctionPutInputsResponse.self,
            on: control,
            context: context
        )
        return response.inputs
    }

    /// remote through the control plane: FunctionMap SYNC, then FunctionGetOutputs long-polls; INTERNAL_FAILURE
    /// outputs are retried with FunctionRetryInputs. When the call cannot finish (out of time, Modal unreachable) it
    /// is cancelled with FunctionCallCancel (bounded by `hardDeadline`) before the error is thrown.
    func remoteOnControlPlane(
        _ resolved: inout ModalResolvedFunction,
        input: Modal_Client_FunctionInput,
        hardDeadline: ContinuousClock.Instant,
        context: ModalCallContext
    ) async throws(ModalError) -> ModalFinishedOutput {
        let reference = resolved.reference
        var call = try await withFreshLookup(reference, resolved: &resolved, context: context) {
            (function) async throws(ModalError) -> ModalMappedCall in
            try await functionMap(function, input: input, invocation: .sync, context: context)
        }
        let function = resolved
        do throws(ModalError) {
            var retries = 0
            while true {
                let output = try await awaitOutput(of: call, function: function, context: context)
                guard output.result.status == .internalFailure else { return output }
                guard retries < configuration.maxInternalFailureRetries else { return output }
                retries += 1
                context.logger.debug(
                    "Modal input hit an internal failure; retrying it",
                    metadata: ["modal.function_call_id": "\(call.functionCallID)", "modal.retry": "\(retries)"]
                )
                call.inputJWT = try await retryInput(call, input: input, retryCount: retries, context: context)
            }
        } catch {
            throw await abandon(call, of: reference, after: error, hardDeadline: hardDeadline, logger: context.logger)
        }
    }

    /// A started call that cannot finish (`error`): cancelled with `FunctionCallCancel` unless the task itself was
    /// cancelled; returns the error to report, a timeout naming the cancelled call.
    func abandon(
        _ call: ModalMappedCall,
        of reference: ModalFunctionReference,
        after error: ModalError,
        hardDeadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> ModalError {
        if error.code != .cancelled {
            await cancel(call.functionCallID, hardDeadline: hardDeadline, logger: logger)
        }
        guard error.code == .timeout else { return error }
        return .timeout(
            "Modal function \(reference) did not finish in time; call \(call.functionCallID) was cancelled",
            underlying: error
        )
    }

    /// Long-polls `FunctionGetOutputs` (`min(55 s, time left − 250 ms)` per poll) until the output arrives; a
    /// `Modal.Timeout` error when the time is up.
    private func awaitOutput(
        of call: ModalMappedCall,
        function: ModalResolvedFunction,
        context: ModalCallContext
    ) async throws(ModalError) -> ModalFinishedOutput {
        while true {
            let pollTime = try nextPollDuration(for: function, context: context)
            let response = try await getOutputs(
                call.functionCallID,
                timeout: pollTime,
                lastEntryID: "0-0",
                clearOnSuccess: true,
                inputJWTs: call.inputJWT.isEmpty ? [] : [call.inputJWT],
                maxValues: 1,
                context: context
            )
            if let output = response.outputs.first { return output }
        }
    }

    /// One `FunctionGetOutputs`: the server waits up to `timeout` for outputs after `lastEntryID` (`"0-0"`: from
    /// the start) of `inputJWTs`' inputs (all when empty); the attempt may take `timeout` plus the poll grace.
    func getOutputs(
        _ functionCallID: String,
        timeout: Duration,
        lastEntryID: String,
        clearOnSuccess: Bool,
        inputJWTs: [String],
        maxValues: Int32 = 0,
        context: ModalCallContext
    ) async throws(ModalError) -> Modal_Client_FunctionGetOutputsResponse {
        var request = Modal_Client_FunctionGetOutputsRequest()
        request.functionCallID = functionCallID
        request.maxValues = maxValues
        request.timeout = Float(Self.seconds(timeout))
        request.lastEntryID = lastEntryID
        request.clearOnSuccess_p = clearOnSuccess
        request.requestedAt = epochSeconds()
        request.inputJwts = inputJWTs
        return try await unary(
            Modal_Client_ModalClient.Method.FunctionGetOutputs.descriptor,
            request,
            returning: Modal_Client_FunctionGetOutputsResponse.self,
            on: control,
            context: context,
            attemptTimeout: timeout + configuration.pollGrace
        )
    }

    /// `FunctionRetryInputs` for the one input; returns its new input JWT.
    private func retryInput(
        _ call: ModalMappedCall,
        input: Modal_Client_FunctionInput,
        retryCount: Int,
        context: ModalCallContext
    ) async throws(ModalError) -> String {
        let jwts = try await retryInputs(
            call,
            [(inputJWT: call.inputJWT, input: input, retryCount: retryCount)],
            context: context
        )
        return jwts.first ?? call.inputJWT
    }

    /// `FunctionRetryInputs` for `inputs` of `call` (one request); returns their new input JWTs, in order.
    func retryInputs(
        _ call: ModalMappedCall,
        _ inputs: [(inputJWT: String, input: Modal_Client_FunctionInput, retryCount: Int)],
        context: ModalCallContext
    ) async throws(ModalError) -> [String] {
        var request = Modal_Client_FunctionRetryInputsRequest()
        request.functionCallJwt = call.functionCallJWT
        request.inputs = inputs.map { retried in
            var item = Modal_Client_FunctionRetryInputsItem()
            item.inputJwt = retried.inputJWT
            item.input = retried.input
            item.retryCount = UInt32(retried.retryCount)
            return item
        }
        let response = try await unary(
            Modal_Client_ModalClient.Method.FunctionRetryInputs.descriptor,
            request,
            returning: Modal_Client_FunctionRetryInputsResponse.self,
            on: control,
            context: context
        )
        return response.inputJwts
    }

    /// Best-effort `FunctionCallCancel`, within the time left before `hardDeadline` (at most `cancelTimeout`).
    func cancel(_ functionCallID: String, hardDeadline: ContinuousClock.Instant, logger: Logger) async {
        let budget = min(configuration.cancelTimeout, hardDeadline - .now)
        guard budget > .milliseconds(10), !functionCallID.isEmpty else { return }
        let context = ModalCallContext(deadline: .now + budget, logger: logger)
        var request = Modal_Client_FunctionCallCancelRequest()
        request.functionCallID = functionCallID
        request.terminateContainers = false
        do throws(ModalError) {
            _ = try await unary(
                Modal_Client_ModalClient.Method.FunctionCallCancel.descriptor,
                request,
                returning: Google_Protobuf_Empty.self,
                on: control,
                context: context
            )
            logger.debug("Modal function call cancelled", metadata: ["modal.function_call_id": "\(functionCallID)"])
        } catch {
            logger.debug(
                "Modal function call could not be cancelled",
                metadata: ["modal.function_call_id": "\(functionCallID)", "modal.error": "\(error.message)"]
            )
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
