/// Why an event could not be read at all. Unfamiliar events are not errors (they are `unknown`); only bytes that
/// are not JSON are.
package struct LambdaEventsError: Error, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The event body is not a JSON text.
        case invalidJSON
    }

    package var code: Code
    package var message: String
    package var underlying: (any Error)?

    package init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The body is not JSON; `reason` is the parser's (safe) description.
    package static func invalidJSON(_ reason: String, underlying: (any Error)? = nil) -> LambdaEventsError {
        LambdaEventsError(code: .invalidJSON, message: "the event is not valid JSON: \(reason)", underlying: underlying)
    }

    /// Lambda's `Category.Reason` error type.
    package var errorType: String {
        switch code {
        case .invalidJSON: return "Bridge.InvalidEvent"
        }
    }

    package var description: String { "\(errorType): \(message)" }
}
