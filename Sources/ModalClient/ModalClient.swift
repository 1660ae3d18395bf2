// Target ModalClient (client): the Modal client over gRPC (grpc-swift-2, HTTP/2): function lookup, spawn and
// remote on the control and input planes, blobs (AsyncHTTPClient), auth tokens, retries, throttling, deadlines and
// the connection pool, the token pair type and Modal's `[[payload, params], {}]` argument layout. Knows nothing of
// Lambda events. May import: ModalProto, CBOR, JSON, Primitives, grpc-swift-2, swift-protobuf, AsyncHTTPClient,
// swift-crypto, swift-nio, swift-log. See docs/bridge.md and docs/modal-wire.md.

package import AsyncHTTPClient
import GRPCCore
package import JSON
package import Logging
import ModalProto
package import Primitives
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
    let time: TimeSource
    let authTokens: ModalAuthTokenCache
    let functions = Mutex<[ModalFunctionReference: ModalResolvedFunction]>([:])
    private let registry = Mutex(Registry())
    /// Clients of new connections (of every plane), for ``run()`` to run.
    private let newConnections: AsyncStream<ModalConnectionPool.Client>
    private let newConnectionsContinuation: AsyncStream<ModalConnectionPool.Client>.Continuation

    private struct Registry {
        var inputPlanes: [ModalEndpoint: ModalChannel] = [:]
        var isShutDown = false
    }

    /// Sets up the control-plane connection (it opens when ``run()`` runs). Throws `Config.Invalid` for a server URL
    /// that is not `https://host[:port]` or `http://host[:port]`. `time` gives `requested_at` and the auth token's
    /// refresh points.
    package init(
        configuration: ModalClientConfiguration,
        credentials: any ModalCredentialSource,
        httpClient: HTTPClient,
        logger: Logger,
        time: TimeSource = .system
    ) throws(ModalError) {
        self.time = time
        self.authTokens = ModalAuthTokenCache(time: time)
        self.configuration = configuration
        self.credentials = credentials
        self.httpClient = httpClient
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(of: ModalConnectionPool.Client.self)
        newConnections = stream
        newConnectionsContinuation = continuation
        let endpoint = try ModalEndpoint(url: configuration.serverURL, name: "MODAL_SERVER_URL")
        control = try ModalChannel(
            endpoint: endpoint,
            plane: .control,
            region: nil,
            libraryVersion: configuration.libraryVersion,
            limits: configuration.connectionLimits,
            start: { continuation.yield($0) }
        )
    }

    /// Runs the gRPC connections (control plane, every input plane, and those that replace idle connections or
    /// relieve full ones) until ``shutdown()``.
    package func run() async throws {
        if isShutDown { return }
        try await withThrowingDiscardingTaskGroup { group in
            for await client in newConnections {
                group.addTask { try await client.runConnections() }
            }
        }
    }

    /// Stops accepting calls and closes the connections once in-flight calls are done; ``run()`` then returns.
    package func shutdown() {
        let channels = registry.withLock { registry in
            registry.isShutDown = true
            return Array(registry.inputPlanes.values)
        }
        control.pool.shutdown()
        for channel in channels { channel.pool.shutdown() }
        newConnectionsContinuation.finish()
    }

    /// ``shutdown()`` was called.
    var isShutDown: Bool { registry.withLock { $0.isShutDown } }

    /// The cached channel to an input plane, opened on first use.
    func inputPlane(url: String, region: String?) throws(ModalError) -> ModalChannel {
        let endpoint = try ModalEndpoint(url: url, name: "input_plane_url")
        let result: Result<ModalChannel, ModalError> = registry.withLock { registry in
            if registry.isShutDown {
                return .failure(ModalError(code: .unavailable, message: "the Modal client is shut down"))
            }
            if let channel = registry.inputPlanes[endpoint] { return .success(channel) }
            do throws(ModalError) {
                let channel = try ModalChannel(
                    endpoint: endpoint,
                    plane: .input,
                    region: region,
                    libraryVersion: configuration.libraryVersion,
                    limits: configuration.connectionLimits,
                    start: { [newConnectionsContinuation] in newConnectionsContinuation.yield($0) }
                )
                registry.inputPlanes[endpoint] = channel
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
    /// blob. Returns or throws by ``ModalClientConfiguration/callDeadline(for:)`` (margin and reserve before `deadline`).
    package func spawn(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> String {
        let context = ModalCallContext(deadline: configuration.callDeadline(for: deadline), logger: logger)
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
    /// cancelled (`FunctionCallCancel`) and a `Modal.Timeout` error is thrown by
    /// ``ModalClientConfiguration/callDeadline(for:)`` (margin and reserve before `deadline`).
    package func remote(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> JSONValue {
        let hardDeadline = configuration.callDeadline(for: deadline)
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
