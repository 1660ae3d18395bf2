package import JSON
package import Logging
import ModalProto

/// How ``ModalClient/remoteMap(_:arguments:deadline:logger:deliver:)`` went.
package enum ModalMapRoute: Sendable, Equatable {
    /// Every index was delivered (a value or its own error).
    case mapped
    /// Nothing was sent or delivered: the function is served by an input plane, whose map protocol this client does
    /// not speak; call each input on its own with ``ModalClient/remote(_:arguments:deadline:logger:)``.
    case needsSingleCalls
}

/// Receives one input's end of a map call: its index in the `arguments` given, and the value or the error the
/// same input would have produced as a `remote` call. Called once per index, from one task at a time.
package typealias ModalMapDelivery = @Sendable (Int, Result<JSONValue, ModalError>) -> Void

/// One input of a map call while it waits for its output.
private struct MappedInput {
    /// Position in the caller's `arguments`.
    var index: Int
    var input: Modal_Client_FunctionInput
    var inputJWT = ""
    var retries = 0
    /// Its output (or error) was delivered.
    var isDelivered = false
}

extension ModalClient {
    /// Inputs per `FunctionMap` (pipelined) or `FunctionPutInputs` request: the official client's
    /// `MAP_INVOCATION_CHUNK_SIZE`.
    static let mapChunkSize = 49

    /// `remote` for many argument lists as one Modal map call, what the official client's `.map()` does: one
    /// `FunctionMap` (call type MAP, invocation SYNC) carrying the first 49 inputs as pipelined inputs, the rest (and
    /// any the server did not take) through `FunctionPutInputs` in chunks of 49, then `FunctionGetOutputs` long-polls
    /// (`last_entry_id` as a cursor, the `input_jwts` of the inputs still waiting, `clear_on_success` false) until
    /// every input has its output, matched by `idx`; INTERNAL_FAILURE outputs are retried per input with
    /// `FunctionRetryInputs`; a last `FunctionGetOutputs` (timeout 0, `clear_on_success`) lets Modal drop the
    /// outputs. Each index is delivered as soon as its output arrives, with the value or error a `remote` of that
    /// input would give; a failure of the whole call (lookup, `FunctionMap`, polling) is delivered to every index
    /// still waiting. Inputs still waiting at the deadline get `Modal.Timeout` and the call is cancelled
    /// (`FunctionCallCancel`), by ``ModalClientConfiguration/callDeadline(for:)`` like `remote`.
    package func remoteMap(
        _ function: ModalFunctionReference,
        arguments: [[UInt8]],
        deadline: ContinuousClock.Instant,
        logger: Logger,
        deliver: ModalMapDelivery
    ) async -> ModalMapRoute {
        let hardDeadline = configuration.callDeadline(for: deadline)
        let context = ModalCallContext(deadline: hardDeadline - configuration.cancelTimeout, logger: logger)
        var resolved: ModalResolvedFunction
        do throws(ModalError) {
            resolved = try await resolve(function, context: context)
        } catch {
            for index in arguments.indices { deliver(index, .failure(error)) }
            return .mapped
        }
        if resolved.inputPlaneURL != nil { return .needsSingleCalls }
        var waiting: [MappedInput] = []
        for (index, bytes) in arguments.enumerated() {
            do throws(ModalError) {
                let input = try await makeInput(bytes, for: resolved, invocation: .sync, context: context)
                waiting.append(MappedInput(index: index, input: input))
            } catch {
                deliver(index, .failure(error))
            }
        }
        guard !waiting.isEmpty else { return .mapped }
        await runMap(&resolved, waiting, hardDeadline: hardDeadline, context: context, deliver: deliver)
        return .mapped
    }

    /// Sends `inputs` (`idx` = their position in it) as one map call and delivers their outputs.
    private func runMap(
        _ resolved: inout ModalResolvedFunction,
        _ inputs: [MappedInput],
        hardDeadline: ContinuousClock.Instant,
        context: ModalCallContext,
        deliver: ModalMapDelivery
    ) async {
        var inputs = inputs
        var call: ModalMappedCall?
        do throws(ModalError) {
            let started = try await withFreshLookup(resolved.reference, resolved: &resolved, context: context) {
                (function) async throws(ModalError) -> ModalMappedCall in
                try await startMap(function, &inputs, context: context)
            }
            call = started
            try await putRemainingInputs(resolved, &inputs, call: started, context: context, deliver: deliver)
            try await collectOutputs(started, resolved, &inputs, context: context, deliver: deliver)
            await acknowledgeOutputs(started, hardDeadline: hardDeadline, logger: context.logger)
        } catch {
            var reported = error
            if let call {
                reported = await abandon(
                    call,
                    of: resolved.reference,
                    after: error,
                    hardDeadline: hardDeadline,
                    logger: context.logger
                )
            }
            for input in inputs where !input.isDelivered { deliver(input.index, .failure(reported)) }
        }
    }

    /// `FunctionMap` MAP with the first chunk of inputs pipelined; records the input JWTs the server returned.
    private func startMap(
        _ function: ModalResolvedFunction,
        _ inputs: inout [MappedInput],
        context: ModalCallContext
    ) async throws(ModalError) -> ModalMappedCall {
        let pipelined = inputs.indices.prefix(Self.mapChunkSize).map { Self.putItem(inputs[$0], idx: $0) }
        let response = try await startCall(function, type: .map, invocation: .sync, pipelined, context: context)
        Self.acknowledge(response.pipelinedInputs, in: &inputs)
        return ModalMappedCall(
            functionCallID: response.functionCallID,
            functionCallJWT: response.functionCallJwt,
            inputJWT: ""
        )
    }

    /// `FunctionPutInputs` (chunks of 49) for every input the `FunctionMap` answer did not acknowledge. Inputs the
    /// server does not take (a full queue) are delivered as `Modal.ResourceExhausted`.
    private func putRemainingInputs(
        _ function: ModalResolvedFunction,
        _ inputs: inout [MappedInput],
        call: ModalMappedCall,
        context: ModalCallContext,
        deliver: ModalMapDelivery
    ) async throws(ModalError) {
        let unsent = inputs.indices.filter { inputs[$0].inputJWT.isEmpty }
        var start = 0
        while start < unsent.count {
            let chunk = unsent[start..<min(start + Self.mapChunkSize, unsent.count)]
            start += Self.mapChunkSize
            let items = chunk.map { Self.putItem(inputs[$0], idx: $0) }
            let taken = try await putInputs(function, call: call.functionCallID, items, context: context)
            Self.acknowledge(taken, in: &inputs)
        }
        for position in inputs.indices where inputs[position].inputJWT.isEmpty {
            inputs[position].isDelivered = true
            let refused = ModalError(
                code: .resourceExhausted,
                message: "Modal did not accept an input of function \(function.reference) (its queue seems full)"
            )
            deliver(inputs[position].index, .failure(refused))
        }
    }

    /// Long-polls `FunctionGetOutputs` until every input has delivered its output.
    private func collectOutputs(
        _ call: ModalMappedCall,
        _ function: ModalResolvedFunction,
        _ inputs: inout [MappedInput],
        context: ModalCallContext,
        deliver: ModalMapDelivery
    ) async throws(ModalError) {
        var lastEntryID = "0-0"
        while true {
            let pending = inputs.indices.filter { !inputs[$0].isDelivered }
            if pending.isEmpty { return }
            let pollTime = try nextPollDuration(for: function, context: context)
            let response = try await getOutputs(
                call.functionCallID,
                timeout: pollTime,
                lastEntryID: lastEntryID,
                clearOnSuccess: false,
                inputJWTs: pending.map { inputs[$0].inputJWT },
                context: context
            )
            if !response.lastEntryID.isEmpty { lastEntryID = response.lastEntryID }
            var retry: [Int] = []
            for output in response.outputs {
                let idx = Int(output.idx)
                // Outputs of inputs already delivered, or of an attempt that was retried since, are duplicates.
                guard inputs.indices.contains(idx), !inputs[idx].isDelivered,
                    output.retryCount >= UInt32(inputs[idx].retries)
                else { continue }
                if output.result.status == .internalFailure,
                    inputs[idx].retries < configuration.maxInternalFailureRetries
                {
                    if !retry.contains(idx) { retry.append(idx) }
                    continue
                }
                let result: Result<JSONValue, ModalError>
                do throws(ModalError) {
                    result = .success(try await value(of: output, function: function, context: context))
                } catch {
                    if error.code == .cancelled { throw error }
                    result = .failure(error)
                }
                inputs[idx].isDelivered = true
                deliver(inputs[idx].index, result)
            }
            if !retry.isEmpty { try await retryMappedInputs(call, &inputs, retry, context: context) }
        }
    }

    /// `FunctionRetryInputs` for the inputs at `positions` (one request); stores their new input JWTs.
    private func retryMappedInputs(
        _ call: ModalMappedCall,
        _ inputs: inout [MappedInput],
        _ positions: [Int],
        context: ModalCallContext
    ) async throws(ModalError) {
        for position in positions { inputs[position].retries += 1 }
        context.logger.debug(
            "Modal map inputs hit an internal failure; retrying them",
            metadata: ["modal.function_call_id": "\(call.functionCallID)", "modal.inputs": "\(positions.count)"]
        )
        let retried = positions.map {
            (inputJWT: inputs[$0].inputJWT, input: inputs[$0].input, retryCount: inputs[$0].retries)
        }
        let jwts = try await retryInputs(call, retried, context: context)
        for (position, jwt) in zip(positions, jwts) { inputs[position].inputJWT = jwt }
    }

    /// The official client's last `FunctionGetOutputs` of a map (timeout 0, `clear_on_success`): Modal may drop the
    /// outputs. Best effort, within `cancelTimeout` and before `hardDeadline`.
    private func acknowledgeOutputs(
        _ call: ModalMappedCall,
        hardDeadline: ContinuousClock.Instant,
        logger: Logger
    ) async {
        let budget = min(configuration.cancelTimeout, hardDeadline - .now)
        guard budget > .milliseconds(10) else { return }
        do throws(ModalError) {
            _ = try await getOutputs(
                call.functionCallID,
                timeout: .zero,
                lastEntryID: "0-0",
                clearOnSuccess: true,
                inputJWTs: [],
                context: ModalCallContext(deadline: .now + budget, logger: logger)
            )
        } catch {
            logger.debug("Modal map outputs could not be acknowledged", metadata: ["modal.error": "\(error.message)"])
        }
    }

    /// Stores the input JWTs the server returned for the inputs it took (by `idx`).
    private static func acknowledge(
        _ items: [Modal_Client_FunctionPutInputsResponseItem],
        in inputs: inout [MappedInput]
    ) {
        for item in items where inputs.indices.contains(Int(item.idx)) {
            inputs[Int(item.idx)].inputJWT = item.inputJwt
        }
    }

    private static func putItem(_ input: MappedInput, idx: Int) -> Modal_Client_FunctionPutInputsItem {
        var item = Modal_Client_FunctionPutInputsItem()
        item.idx = Int32(idx)
        item.input = input.input
        return item
    }
}
