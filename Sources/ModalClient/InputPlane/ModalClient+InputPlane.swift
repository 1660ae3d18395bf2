import Logging
import ModalProto

extension ModalClient {
    /// remote through the function's input plane: AttemptStart, then AttemptAwait long-polls; INTERNAL_FAILURE
    /// outputs are retried with AttemptRetry. Blobs still go through the control plane. The input plane has no
    /// function call id, so a call that runs out of time is not cancelled; it ends with a `Modal.Timeout` error.
    func remoteOnInputPlane(
        _ resolved: inout ModalResolvedFunction,
        input: Modal_Client_FunctionInput,
        context: ModalCallContext
    ) async throws(ModalError) -> ModalFinishedOutput {
        var item = Modal_Client_FunctionPutInputsItem()
        item.idx = 0
        item.input = input
        let reference = resolved.reference
        let (channel, firstToken) = try await withFreshLookup(reference, resolved: &resolved, context: context) {
            function async throws(ModalError) -> (ModalChannel, String) in
            guard let url = function.inputPlaneURL else {
                throw ModalError(
                    code: .conflict,
                    message: "Modal function \(reference) moved off its input plane while being called; try again"
                )
            }
            let channel = try inputPlane(url: url, region: function.inputPlaneRegion)
            var request = Modal_Client_AttemptStartRequest()
            request.functionID = function.functionID
            request.parentInputID = ""
            request.input = item
            request.proxied = false
            let response = try await unary(
                Modal_Client_ModalClient.Method.AttemptStart.descriptor,
                request,
                returning: Modal_Client_AttemptStartResponse.self,
                on: channel,
                context: context
            )
            return (channel, response.attemptToken)
        }
        let function = resolved
        var token = firstToken
        var retries = 0
        while true {
            let output = try await awaitAttempt(token, on: channel, function: function, context: context)
            guard output.result.status == .internalFailure, retries < configuration.maxInternalFailureRetries else {
                return output
            }
            retries += 1
            context.logger.debug(
                "Modal input hit an internal failure; retrying it",
                metadata: ["modal.function": "\(reference)", "modal.retry": "\(retries)"]
            )
            var request = Modal_Client_AttemptRetryRequest()
            request.functionID = function.functionID
            request.parentInputID = ""
            request.input = item
            request.attemptToken = token
            let response = try await unary(
                Modal_Client_ModalClient.Method.AttemptRetry.descriptor,
                request,
                returning: Modal_Client_AttemptRetryResponse.self,
                on: channel,
                context: context
            )
            token = response.attemptToken
        }
    }

    /// Long-polls `AttemptAwait` until the attempt has an output; a `Modal.Timeout` error when the time is up.
    private func awaitAttempt(
        _ token: String,
        on channel: ModalChannel,
        function: ModalResolvedFunction,
        context: ModalCallContext
    ) async throws(ModalError) -> ModalFinishedOutput {
        while true {
            let pollTime = try nextPollDuration(for: function, context: context)
            var request = Modal_Client_AttemptAwaitRequest()
            request.attemptToken = token
            request.requestedAt = epochSeconds()
            request.timeoutSecs = Float(Self.seconds(pollTime))
            let response = try await unary(
                Modal_Client_ModalClient.Method.AttemptAwait.descriptor,
                request,
                returning: Modal_Client_AttemptAwaitResponse.self,
                on: channel,
                context: context,
                attemptTimeout: pollTime + configuration.pollGrace
            )
            if response.hasOutput { return response.output }
        }
    }
}
