import JSON

/// What the runtime posts to `/invocation/{id}/error` and `/init/error`:
/// `{"errorMessage", "errorType", "stackTrace"}` plus the `Lambda-Runtime-Function-Error-Type` header.
package struct ErrorReport: Sendable, Hashable {
    /// `Category.Reason`, for example `Bridge.InvalidEvent` or `Runtime.InvalidHandler`.
    package var errorType: String
    package var errorMessage: String
    package var stackTrace: [String]

    package init(errorType: String, errorMessage: String, stackTrace: [String] = []) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
    }

    /// The JSON body Lambda shows the caller.
    package var body: [UInt8] {
        let value: JSONValue = [
            "errorMessage": .string(errorMessage),
            "errorType": .string(errorType),
            "stackTrace": .array(stackTrace.map { .string($0) }),
        ]
        return value.serialized()
    }

    /// The header value: header values cannot carry control characters, so anything unusual is dropped.
    var headerValue: String {
        String(errorType.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F })
    }
}
