/// The four calls a runtime makes. The loop is generic over this so it can be tested with an in-memory client.
package protocol RuntimeAPIClientProtocol {
    /// Long-polls `GET /runtime/invocation/next` (no timeout).
    func next() async throws(RuntimeAPIError) -> Invocation
    /// `POST /runtime/invocation/{id}/response` with `Content-Type: application/json`.
    func postResponse(requestID: String, body: [UInt8]) async throws(RuntimeAPIError)
    /// `POST /runtime/invocation/{id}/error`.
    func postError(requestID: String, report: ErrorReport) async throws(RuntimeAPIError)
    /// `POST /runtime/init/error`.
    func postInitError(_ report: ErrorReport) async throws(RuntimeAPIError)
}
