/// One request the server received, for assertions.
package struct RecordedRequest: Sendable, Hashable {
    package var method: String
    package var path: String
    package var headers: [String: String]
    package var body: [UInt8]
    /// When the whole request had arrived (epoch milliseconds, wall clock).
    package var receivedAtEpochMilliseconds: Int64 = 0

    /// A header by case-insensitive name.
    package func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// How an invocation ended, as the caller of Invoke would see it.
package enum InvocationResult: Sendable, Hashable {
    /// The runtime posted a response.
    case response([UInt8])
    /// The runtime posted an error (`errorType` from the `Lambda-Runtime-Function-Error-Type` header), or the
    /// response was refused (413 → `Function.ResponseSizeTooLarge`).
    case error(body: [UInt8], errorType: String?)
    /// The runtime process went away before answering.
    case abandoned(String)
}

/// An invocation waiting for `/next` or for its result.
struct QueuedInvocation: Sendable {
    var requestID: String
    var event: [UInt8]
}
