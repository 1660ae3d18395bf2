package import GRPCCore

/// Adds the headers of ``ModalRequestHeaders`` to every RPC attempt on a Modal channel, from the bound
/// ``ModalAttempt``: the modal-go header set, the attempt's token pair, the call's idempotency key, the retry
/// counters and delays, the auth JWT (not on `AuthTokenGet`) and, on an input plane, its region.
package struct ModalMetadataInterceptor: ClientInterceptor {
    /// `x-modal-libmodal-version`.
    package var libraryVersion: String
    /// `x-modal-input-plane-region` (input planes only).
    package var inputPlaneRegion: String?

    package init(libraryVersion: String, inputPlaneRegion: String? = nil) {
        self.libraryVersion = libraryVersion
        self.inputPlaneRegion = inputPlaneRegion
    }

    package func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        guard let attempt = ModalAttempt.current else {
            throw ModalError(
                code: .serviceError,
                message: "Modal \(context.descriptor.method) was called outside a call attempt (no headers)"
            )
        }
        var request = request
        for field in try headers(of: attempt).fields {
            request.metadata.addString(field.value, forKey: field.name)
        }
        return try await next(request, context)
    }

    /// The headers of `attempt`, now; throws when the attempt was not authorized.
    package func headers(of attempt: ModalAttempt) throws(ModalError) -> ModalRequestHeaders {
        guard let tokenPair = attempt.tokenPair else {
            throw ModalError(code: .auth, message: "a Modal RPC attempt was sent before it was authorized")
        }
        var headers = ModalRequestHeaders(
            libraryVersion: libraryVersion,
            credentials: tokenPair,
            idempotencyKey: attempt.idempotencyKey
        )
        headers.authToken = attempt.authToken
        headers.inputPlaneRegion = inputPlaneRegion
        headers.retryAttempt = attempt.retryAttempt
        headers.throttleRetryAttempt = attempt.throttleRetryAttempt
        if attempt.retryAttempt > 0 { headers.retryDelay = .now - attempt.started }
        if attempt.throttleRetryAttempt > 0 { headers.throttleRetryDelay = .now - attempt.started }
        return headers
    }
}
