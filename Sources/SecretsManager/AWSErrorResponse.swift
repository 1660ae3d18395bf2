import JSON
import Primitives

/// An error answer from an AWS JSON-protocol service: the code from `x-amzn-ErrorType`, the body's `code` or
/// `__type`, or an XML `<ErrorResponse>` (moto's authentication errors), and the message.
struct AWSErrorResponse: Sendable, Hashable {
    /// The sanitized code (`ResourceNotFoundException`), or `nil` when the answer names none.
    var code: String?
    /// The service's message, unprocessed (may contain the canonical request of a signature error).
    var message: String?

    /// Reads the code (header first, then `code`, then `__type`, then XML `<Code>`) and the message (`message`,
    /// `Message`, XML `<Message>`).
    init(errorTypeHeader: String?, body: [UInt8]) {
        var code = errorTypeHeader.flatMap(Self.sanitize)
        var message: String?
        if let json = try? JSONValue(parsing: body), let object = json.objectValue {
            if code == nil { code = object["code"]?.stringValue.flatMap(Self.sanitize) }
            if code == nil { code = object["__type"]?.stringValue.flatMap(Self.sanitize) }
            message = object["message"]?.stringValue ?? object["Message"]?.stringValue
        } else {
            let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
            if code == nil { code = Self.xmlElement("Code", in: text).flatMap(Self.sanitize) }
            message = Self.xmlElement("Message", in: text)
        }
        self.code = code
        self.message = message
    }

    /// Drops everything from the first `:` (a URL suffix) and everything up to the last `#` (a namespace):
    /// `com.amazonaws.secretsmanager#ResourceNotFoundException:http://…` → `ResourceNotFoundException`.
    static func sanitize(_ raw: String) -> String? {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        let trimmed = code.trimming(.ascii)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The unescaped text of the first `<name>…</name>` in `text`.
    static func xmlElement(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"),
            let close = text[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
            .replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
            .replacing("&apos;", with: "'").replacing("&amp;", with: "&")
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    static let transientCodes: Set<String> = [
        "InternalServiceError", "InternalServiceErrorException", "InternalFailure", "InternalError",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
    ]

    /// What the code means to the caller; unknown codes fall back to the status (5xx is transient).
    func classify(status: Int) -> SecretsManagerError.Code {
        switch code {
        case "ResourceNotFoundException": .notFound
        case "AccessDeniedException", "AccessDenied": .accessDenied
        case "DecryptionFailure": .decryptionFailure
        case "InvalidParameterException", "InvalidRequestException", "ValidationException",
            "SerializationException":
            .invalidRequest
        case "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
            "IncompleteSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException":
            .signatureRejected
        case "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "InvalidAccessKeyId", "AuthFailure":
            .invalidCredentials
        case let code? where Self.throttlingCodes.contains(code): .throttled
        case let code? where Self.transientCodes.contains(code): .serviceUnavailable
        default:
            [500, 502, 503, 504].contains(status) || (code == nil && status >= 500)
                ? .serviceUnavailable : .requestFailed
        }
    }

    /// The message made safe to log: the canonical request and string to sign that signature errors echo (they
    /// contain the session token) are cut off, credential strings are replaced, line breaks become spaces, and
    /// the text is limited to 300 characters.
    func safeMessage(redacting secrets: [String]) -> String? {
        guard var text = message else { return nil }
        for marker in ["The Canonical String for this request should have been", "The String-to-Sign should have been"]
        {
            if let range = text.firstRange(of: marker) { text = String(text[..<range.lowerBound]) }
        }
        for secret in secrets where !secret.isEmpty { text = text.replacing(secret, with: "<redacted>") }
        text = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimming(.ascii)
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return text.isEmpty ? nil : text
    }
}
