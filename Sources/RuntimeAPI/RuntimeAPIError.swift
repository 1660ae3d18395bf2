/// Everything that can go wrong talking to the Runtime API. `code` decides what the loop does next.
package struct RuntimeAPIError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        /// `AWS_LAMBDA_RUNTIME_API` cannot be parsed.
        case invalidEndpoint
        /// The connection failed or closed and could not be re-established.
        case connectionLost
        /// `/next` answered without a header the runtime needs.
        case missingHeader
        /// A header is present but malformed (for example a non-numeric deadline).
        case invalidHeader
        /// 400: unknown or already answered request id, malformed request.
        case badRequest
        /// 403: call not allowed in the current state.
        case forbidden
        /// 413: the response was larger than the Runtime API accepts.
        case payloadTooLarge
        /// 500: the container is in a non-recoverable state; the runtime must exit.
        case containerError
        /// Any other unexpected status.
        case unexpectedStatus
    }

    package var code: Code
    package var message: String
    /// The HTTP status, when the API answered.
    package var status: Int?
    /// `errorType` from the API's JSON error body, when it sent one.
    package var apiErrorType: String?
    /// The request id of the invocation concerned, when known (a `/next` with a bad deadline still names its id).
    package var requestID: String?
    package var underlying: (any Error)?

    package init(
        code: Code,
        message: String,
        status: Int? = nil,
        apiErrorType: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.apiErrorType = apiErrorType
        self.underlying = underlying
    }

    package var description: String {
        var text = "Runtime API \(code.rawValue): \(message)"
        if let status { text += " (HTTP \(status)" + (apiErrorType.map { ", \($0)" } ?? "") + ")" }
        if let underlying { text += " [\(underlying)]" }
        return text
    }

    static func invalidEndpoint(_ value: String, reason: String) -> RuntimeAPIError {
        RuntimeAPIError(code: .invalidEndpoint, message: "AWS_LAMBDA_RUNTIME_API '\(value)' is invalid: \(reason)")
    }

    static func missingHeader(_ name: String, requestID: String? = nil) -> RuntimeAPIError {
        var error = RuntimeAPIError(code: .missingHeader, message: "the /next response has no \(name) header")
        error.requestID = requestID
        return error
    }

    static func invalidHeader(_ name: String, _ value: String, requestID: String? = nil) -> RuntimeAPIError {
        var error = RuntimeAPIError(
            code: .invalidHeader,
            message: "the /next response header \(name) has an invalid value '\(value.prefix(64))'"
        )
        error.requestID = requestID
        return error
    }

    static func connectionLost(_ underlying: (any Error)?) -> RuntimeAPIError {
        RuntimeAPIError(
            code: .connectionLost,
            message: "lost the connection to the Runtime API",
            underlying: underlying
        )
    }

    /// Maps an answer that is not the expected success status.
    static func status(_ status: Int, body: [UInt8], operation: String) -> RuntimeAPIError {
        let code: Code
        switch status {
        case 400: code = .badRequest
        case 403: code = .forbidden
        case 413: code = .payloadTooLarge
        case 500...599: code = .containerError
        default: code = .unexpectedStatus
        }
        let (errorType, errorMessage) = parseAPIErrorBody(body)
        let message = "\(operation) answered \(status)" + (errorMessage.map { ": \($0)" } ?? "")
        return RuntimeAPIError(code: code, message: message, status: status, apiErrorType: errorType)
    }
}
