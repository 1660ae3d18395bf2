import AsyncHTTPClient
import GRPCCore
import GRPCProtobuf
import Logging
import ModalProto
package import NIOCore
import Primitives
import SwiftProtobuf
import Synchronization

extension ModalClient {
    /// One logical unary call with everything the official clients do around it: one idempotency key for all
    /// attempts, each attempt's credentials (``ModalAttempt/authorize()``: the auth JWT, fetched or refreshed when
    /// due, and the token pair; ``ModalMetadataInterceptor`` turns them into headers), per-attempt timeouts bounded
    /// by the operation's deadline (`RPCAttemptDeadline`), 3 retries of transient failures (100 ms doubling), server
    /// throttling (`RPCRetryPolicy`, bounded by `maxThrottleWait`), and on UNAUTHENTICATED one credential refresh
    /// per operation followed by one retry.
    func unary<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ descriptor: MethodDescriptor,
        _ request: Request,
        returning: Response.Type = Response.self,
        on channel: ModalChannel,
        context: ModalCallContext,
        attemptTimeout: Duration? = nil,
        sendAuthToken: Bool = true
    ) async throws(ModalError) -> Response {
        let method = descriptor.method
        var attempt = ModalAttempt(
            idempotencyKey: ModalEncoding.uuidV4(),
            credentials: ModalCallCredentials(client: self, context: context),
            sendsAuthToken: sendAuthToken
        )
        var transientRetries = 0
        var throttleWaited = Duration.zero
        var lastFailure: ModalError?
        while true {
            if Task.isCancelled { throw .cancelled() }
            guard context.remaining > .zero else { throw outOfTime(method, lastFailure) }
            try await attempt.authorize()
            do {
                let response = try await send(
                    request,
                    descriptor,
                    returning: Response.self,
                    on: channel,
                    attempt: attempt,
                    limit: min(attemptTimeout ?? configuration.rpcTimeout, context.remaining),
                    context: context
                )
                context.logger.trace(
                    "Modal RPC succeeded",
                    metadata: ["modal.rpc": "\(method)", "modal.plane": "\(channel.plane.rawValue)"]
                )
                return response
            } catch {
                if Task.isCancelled || error is CancellationError { throw .cancelled(error) }
                if error is ModalChannel.NoSlot {
                    if isShutDown { throw ModalError(code: .unavailable, message: "the Modal client is shut down") }
                    throw outOfTime(method, lastFailure)
                }
                let failure = ModalRPCFailure(error)
                let reported = failure.modalError(method: method)
                lastFailure = reported
                var logMetadata: Logger.Metadata = [
                    "modal.rpc": "\(method)", "modal.plane": "\(channel.plane.rawValue)",
                    "modal.status": "\(failure.status)", "modal.attempt": "\(attempt.retryAttempt)",
                ]
                if failure.status == .rpc(.deadlineExceeded), context.remaining <= .milliseconds(20) {
                    throw outOfTime(method, reported)
                }
                if let retryAfter = failure.retryAfter, configuration.maxThrottleWait != .zero {
                    let wait = max(retryAfter, .milliseconds(100))
                    if let limit = configuration.maxThrottleWait, throttleWaited + wait > limit {
                        throw reported
                    }
                    guard context.remaining > wait else { throw outOfTime(method, reported) }
                    logMetadata["modal.retry_after"] = "\(ModalRequestHeaders.seconds(wait))"
                    context.logger.notice("Modal asked to slow down; waiting before retrying", metadata: logMetadata)
                    try await pause(wait)
                    throttleWaited += wait
                    attempt.throttleRetryAttempt += 1
                    continue
                }
                if failure.status == .rpc(.unauthenticated) {
                    guard context.claimCredentialRefresh() else {
                        throw ModalError(
                            code: .auth,
                            message:
                                "Modal refused the token (\(method): \(failure.message)), also after refreshing it",
                            rpcCode: .unauthenticated,
                            underlying: error
                        )
                    }
                    context.logger.notice("Modal refused the token; refreshing it once", metadata: logMetadata)
                    try await refreshCredentials()
                    await authTokens.invalidate()
                    attempt.retryAttempt += 1
                    continue
                }
                if failure.status.isRetryable {
                    transientRetries += 1
                    if let wait = configuration.retryPolicy.delay(beforeRetry: transientRetries) {
                        guard context.remaining > wait else { throw outOfTime(method, reported) }
                        context.logger.debug("Modal RPC failed; retrying", metadata: logMetadata)
                        try await pause(wait)
                        attempt.retryAttempt += 1
                        continue
                    }
                }
                context.logger.debug("Modal RPC failed", metadata: logMetadata)
                throw reported
            }
        }
    }

    /// One attempt on a connection of `channel`, with `attempt` bound for ``ModalMetadataInterceptor``, bounded by
    /// `limit` and by the operation's deadline.
    private func send<Request: SwiftProtobuf.Message & Sendable, Response: SwiftProtobuf.Message & Sendable>(
        _ request: Request,
        _ descriptor: MethodDescriptor,
        returning: Response.Type,
        on channel: ModalChannel,
        attempt: ModalAttempt,
        limit: Duration,
        context: ModalCallContext
    ) async throws -> Response {
        // No `options.timeout`: grpc-swift keeps that timer allocated until the deadline even after the RPC finished
        // (see RPCAttemptDeadline); the attempt is bounded by our own deadline instead.
        var options = CallOptions.defaults
        options.maxRequestMessageBytes = configuration.maxMessageBytes
        options.maxResponseMessageBytes = configuration.maxMessageBytes
        return try await ModalAttempt.$current.withValue(attempt) {
            try await channel.withConnection(until: context.deadline, retiringOnUnavailable: true) { grpc in
                // Waiting for a stream slot used time: the attempt still ends by the operation's deadline.
                try await RPCAttemptDeadline.run(
                    within: min(limit, context.remaining),
                    on: httpClient.eventLoopGroup
                ) { [options] in
                    try await grpc.unary(
                        request: ClientRequest(message: request),
                        descriptor: descriptor,
                        serializer: ProtobufSerializer<Request>(),
                        deserializer: ProtobufDeserializer<Response>(),
                        options: options
                    ) { response in try response.message }
                }
            }
        }
    }

    func pause(_ duration: Duration) async throws(ModalError) {
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw .cancelled(error)
        }
    }

    func outOfTime(_ method: String, _ last: ModalError?) -> ModalError {
        var message = "the Modal call ran out of time before \(method) could finish"
        if let last { message += " (last attempt: \(last.message))" }
        return .timeout(message, underlying: last)
    }

    /// Seconds since 1970, for `requested_at`.
    func epochSeconds() -> Double { time.epochSecondsWithFraction() }
}

/// Bounds one RPC attempt in time without grpc-swift's `CallOptions.timeout`.
///
/// grpc-swift-2 implements `CallOptions.timeout` as a child task sleeping in `Task.sleep(until:)`. Cancelling a
/// sleeping task resumes it, but the runtime keeps the sleep's timer job (about 2 KB) until the original deadline:
/// 10 s for an ordinary attempt, about 60 s for an output long-poll. On a warm Lambda that is +10–17 MB of anonymous
/// memory. Here the attempt runs in its own task and a NIO scheduled task cancels it at the deadline; a finished
/// attempt cancels the scheduled task, which NIO removes from its timer queue at once, so nothing outlives the RPC.
/// An attempt that runs out of time fails with `DEADLINE_EXCEEDED`, as grpc-swift's own timeout does.
package enum RPCAttemptDeadline {
    /// Runs `attempt`, cancelling it after `limit` (the timer runs on one of `group`'s event loops); the caller's
    /// cancellation is passed on.
    package static func run<Value: Sendable>(
        within limit: Duration,
        on group: any EventLoopGroup,
        _ attempt: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let expiry = Expiry()
        let task = Task { try await attempt() }
        let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        let timer = group.next().scheduleTask(in: .nanoseconds(max(0, nanoseconds))) {
            expiry.expire()
            task.cancel()
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await task.value
            } onCancel: {
                task.cancel()
            }
        } catch {
            if expiry.expired, !Task.isCancelled {
                throw RPCError(code: .deadlineExceeded, message: "RPC timed out before completing")
            }
            throw error
        }
    }

    private final class Expiry: Sendable {
        private let state = Atomic<Bool>(false)

        var expired: Bool { state.load(ordering: .acquiring) }

        func expire() { state.store(true, ordering: .releasing) }
    }
}
