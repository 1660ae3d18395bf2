/// An HTTP request to sign, described the way it will be sent.
package struct SigV4Request: Sendable {
    /// The method, `POST` for Secrets Manager (uppercased when signed).
    package var method: String
    /// The `host[:port]` header value exactly as it will be sent (see `SigV4Canonical.hostHeader`). Any `host`
    /// entry in `headers` is ignored in favour of this.
    package var host: String
    /// The path as it appears in the request line, without the query (`/` for Secrets Manager).
    package var path: String
    /// The query parameters, not yet encoded; send `SigV4Canonical.query(query)` on the wire.
    package var query: [(name: String, value: String)]
    /// The headers that will be sent besides `host`, `x-amz-date`, `x-amz-security-token` and `authorization`
    /// (the signer produces those; entries with these names are ignored). Names in
    /// `SigV4Canonical.unsignedHeaderNames` are sent but not signed.
    package var headers: [(name: String, value: String)]
    /// The exact body bytes.
    package var body: [UInt8]

    /// A request from its parts.
    package init(
        method: String,
        host: String,
        path: String = "/",
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The result of signing: the headers to add to the request, plus the intermediate strings (for tests and for
/// comparing with what a server says it expected; they contain the session token, so never log them).
package struct SigV4Signature: Sendable {
    /// `X-Amz-Date`, then `X-Amz-Security-Token` (with temporary credentials), then `Authorization`. Add all of
    /// them, together with `Host` and the request's own headers, to the request that is sent.
    package var headersToAdd: [(name: String, value: String)]
    /// The `X-Amz-Date` value.
    package var amzDate: String
    /// The `Authorization` header value.
    package var authorization: String
    /// The `;`-joined signed header names.
    package var signedHeaders: String
    /// The canonical request (contains the session token when there is one).
    package var canonicalRequest: String
    /// The string to sign.
    package var stringToSign: String
    /// The lowercase hex signature.
    package var signature: String
}
