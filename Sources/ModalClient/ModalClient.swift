package import AsyncHTTPClient
import GRPCCore
package import JSON
package import Logging
import ModalProto
import Synchronization

/// A Modal client for deployed functions: `spawn` (FunctionMap ASYNC → function call id) and `remote` (FunctionMap
/// SYNC + FunctionGetOutputs, or the input plane), with the official clients' headers, auth JWT, retries, throttling,
/// blobs and result decoding. Arguments are CBOR `[args, kwargs]` bytes; results come back as JSON.
///
/// Lifecycle: create it once, run ``run()`` in a task next to the work (it drives the gRPC connections), call
/// ``shutdown()`` at the end; `run()` then returns once in-flight calls are done.
package final class ModalClient: Sendable {
    let configuration: ModalClientConfiguration
    let credentials: any ModalCredentialSource
    let httpClient: HTTPClient
    let logger: Logger
    let control: ModalChannel
    let authTokens = ModalAuthTokenCache()
    let functions = Mutex<[ModalFunctionReference: ModalResolvedFunction]>([:])
    private let registry = Mutex(Registry())
    private let newChannels: AsyncStream<ModalChannel>
    private let newChannelsContinuation: AsyncStream<ModalChannel>.Continuation

    private struct Registry {
        var inputPlanes: [ModalEndpoint: ModalChannel] = [:]
        var isShutDown = false
    }

    /// Sets up the control-plane connection (it opens when ``run()`` runs). Throws `Config.Invalid` for a server URL
    /// that is not `https://host[:port]` or `http://host[:port]`.
    package init(
        configuration: ModalClientConfiguration,
        credentials: any ModalCredentialSource,
        httpClient: HTTPClient,
        logger: Logger
    ) throws(ModalError) {
        self.configuration = configuration
        self.credentials = credentials
        self.httpClient = httpClient
        self.logger = logger
        let endpoint = try ModalEndpoint(url: configuration.serverURL, name: "MODAL_SERVER_URL")
        control = try ModalChannel(endpoint: endpoint, plane: .control, region: nil)
        let (stream, continuation) = AsyncStream.makeStream(of: ModalChannel.self)
        newChannels = stream
        newChannelsContinuation = continuation
    }

    /// Runs the gRPC connections (control plane, and every input plane opened later) until ``shutdown()``.
    package func run() async throws {
        if registry.withLock({ $0.isShutDown }) { return }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.control.grpc.runConnections() }
            for await channel in newChannels {
                group.addTask { try await channel.grpc.runConnections() }
            }
        }
    }

    /// Stops accepting calls and closes the connections once in-flight calls are done; ``run()`` then returns.
    package func shutdown() {
        let channels = registry.withLock { registry in
            registry.isShutDown = true
            return Array(registry.inputPlanes.values)
        }
        newChannelsContinuation.finish()
        control.grpc.beginGracefulShutdown()
        for channel in channels { channel.grpc.beginGracefulShutdown() }
    }

    /// The cached channel to an input plane, opened on first use.
    func inputPlane(url: String, region: String?) throws(ModalError) -> ModalChannel {
        let endpoint = try ModalEndpoint(url: url, name: "input_plane_url")
        let result: Result<ModalChannel, ModalError> = registry.withLock { registry in
            if registry.isShutDown {
                return .failure(ModalError(code: .unavailable, message: "the Modal client is shut down"))
            }
            if let channel = registry.inputPlanes[endpoint] { return .success(channel) }
            do throws(ModalError) {
                let channel = try ModalChannel(endpoint: endpoint, plane: .input, region: region)
                registry.inputPlanes[endpoint] = channel
                newChannelsContinuation.yield(channel)
                logger.debug("Modal input plane connection set up", metadata: ["modal.input_plane": "\(endpoint)"])
                return .success(channel)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Starts `function` with `arguments` (CBOR `[args, kwargs]`) without waiting: `FunctionMap` with invocation
    /// ASYNC; returns the function call id (`fc-…`). Inputs over `max_async_object_size_bytes` (8 KiB) go through a
    /// blob. Returns or throws at least ``ModalClientConfiguration/deadlineMargin`` before `deadline`.
    package func spawn(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> String {
        let context = ModalCallContext(deadline: deadline - configuration.deadlineMargin, logger: logger)
        var resolved = try await resolve(function, context: context)
        let input = try await makeInput(arguments, for: resolved, invocation: .async, context: context)
        let call = try await withFreshLookup(function, resolved: &resolved, context: context) {
            (resolved) async throws(ModalError) -> ModalMappedCall in
            try await functionMap(resolved, input: input, invocation: .async, context: context)
        }
        logger.debug(
            "Modal function spawned",
            metadata: ["modal.function": "\(function)", "modal.function_call_id": "\(call.functionCallID)"]
        )
        return call.functionCallID
    }

    /// Calls `function` with `arguments` (CBOR `[args, kwargs]`) and waits for its result, decoded from CBOR to
    /// JSON. Uses the input plane when the function has one. When the result cannot arrive in time the call is
    /// cancelled (`FunctionCallCancel`) and a `Modal.Timeout` error is thrown at least
    /// ``ModalClientConfiguration/deadlineMargin`` before `deadline`.
    package func remote(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> JSONValue {
        let hardDeadline = deadline - configuration.deadlineMargin
        let context = ModalCallContext(deadline: hardDeadline - configuration.cancelTimeout, logger: logger)
        var resolved = try await resolve(function, context: context)
        let input = try await makeInput(arguments, for: resolved, invocation: .sync, context: context)
        let output: ModalFinishedOutput
        if resolved.inputPlaneURL != nil {
            output = try await remoteOnInputPlane(&resolved, input: input, context: context)
        } else {
            output = try await remoteOnControlPlane(
                &resolved,
                input: input,
                hardDeadline: hardDeadline,
                context: context
            )
        }
        return try await value(of: output, function: resolved, context: context)
    }
}
