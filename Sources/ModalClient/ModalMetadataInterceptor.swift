package import GRPCCore

/// Adds the headers of ``ModalRequestHeaders`` to every RPC attempt on a Modal channel: the modal-go header set,
/// the token pair, the idempotency key and retry counters of the bound ``ModalAttempt``, the auth JWT (except on
/// `AuthTokenGet`) and, on an input plane, its region.
///
/// The JWT is asked for before the token pair: fetching it may refresh the pair (UNAUTHENTICATED from
/// `AuthTokenGet`). A failure to get either ends the attempt with an `RPCError` whose cause is the ``ModalError``.
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
        for field in try await headers(of: attempt).fields {
            request.metadata.addString(field.value, forKey: field.name)
        }
        return try await next(request, context)
    }

    /// The headers of `attempt`, now.
    package func headers(of attempt: ModalAttempt) async throws(ModalError) -> ModalRequestHeaders {
        let authToken = attempt.sendsAuthToken ? try await attempt.credentials.authToken() : nil
        var headers = ModalRequestHeaders(
            libraryVersion: libraryVersion,
            credentials: try await attempt.credentials.tokenPair(),
            idempotencyKey: attempt.idempotencyKey
        )
        headers.authToken = authToken
        headers.inputPlaneRegion = inputPlaneRegion
        headers.retryAttempt = attempt.retryAttempt
        headers.throttleRetryAttempt = attempt.throttleRetryAttempt
        if attempt.retryAttempt > 0 { headers.retryDelay = .now - attempt.started }
        if attempt.throttleRetryAttempt > 0 { headers.throttleRetryDelay = .now - attempt.started }
        return headers
    }

    /// The ``ModalError`` an interceptor of a failed attempt threw (grpc-swift wraps it in an `RPCError`).
    static func refusal(in error: any Error) -> ModalError? {
        (error as? RPCError)?.cause as? ModalError
    }
}
