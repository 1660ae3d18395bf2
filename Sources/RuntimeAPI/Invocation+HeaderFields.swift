import Primitives

/// Reading an ``Invocation`` from the `/next` response headers, apart from any HTTP library so it can be tested and
/// fuzzed on its own.
extension Invocation {
    /// Parses the `/next` headers given as name/value pairs in arrival order. Names compare ASCII
    /// case-insensitively and the first field of a name wins (as NIO's `HTTPHeaders.first(name:)` reads them).
    package init(
        headerFields: [(name: String, value: String)],
        event: [UInt8],
        receivedAtEpochMilliseconds now: Int64
    ) throws(RuntimeAPIError) {
        try self.init(
            header: { name in headerFields.first { Invocation.namesMatch($0.name, name) }?.value },
            event: event,
            receivedAtEpochMilliseconds: now
        )
    }

    /// Parses the `/next` headers read through `header` (the first value of a name, or `nil`). Request id and
    /// deadline are required; a missing ARN is tolerated as `""`.
    init(
        header: (String) -> String?,
        event: [UInt8],
        receivedAtEpochMilliseconds now: Int64
    ) throws(RuntimeAPIError) {
        guard let requestID = header("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw .missingHeader("Lambda-Runtime-Aws-Request-Id")
        }
        guard requestID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw .invalidHeader("Lambda-Runtime-Aws-Request-Id", requestID)
        }
        guard let deadlineText = header("Lambda-Runtime-Deadline-Ms") else {
            throw .missingHeader("Lambda-Runtime-Deadline-Ms", requestID: requestID)
        }
        guard let deadline = Int64(deadlineText.trimming(.ascii)), deadline >= 0 else {
            throw .invalidHeader("Lambda-Runtime-Deadline-Ms", deadlineText, requestID: requestID)
        }
        func optional(_ name: String) -> String? {
            guard let value = header(name), !value.isEmpty else { return nil }
            return value
        }
        self.init(
            requestID: requestID,
            deadlineEpochMilliseconds: deadline < Invocation.smallestEpochDeadline ? now + deadline : deadline,
            invokedFunctionARN: header("Lambda-Runtime-Invoked-Function-Arn") ?? "",
            traceID: optional("Lambda-Runtime-Trace-Id"),
            clientContext: optional("Lambda-Runtime-Client-Context"),
            cognitoIdentity: optional("Lambda-Runtime-Cognito-Identity"),
            tenantID: optional("Lambda-Runtime-Aws-Tenant-Id"),
            event: event
        )
    }

    /// ASCII case-insensitive equality of two header names (bytes outside A–Z compare exactly).
    static func namesMatch(_ left: String, _ right: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return left.utf8.count == right.utf8.count && zip(left.utf8, right.utf8).allSatisfy { folded($0) == folded($1) }
    }
}
