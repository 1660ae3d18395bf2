import AsyncHTTPClient
import Primitives
import TestSupport
import Testing

@testable import SecretsManager

/// Error answers in the formats AWS and moto use; the code decides, not the HTTP status.
@Suite("Secrets Manager error answers")
struct ErrorParsingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var header: String?
        var body: String
        var status: Int
        var awsCode: String?
        var code: SecretsManagerError.Code
        var message: String?
        var testDescription: String { "\(status) \(awsCode ?? "no code") → \(code)" }
    }

    static let cases: [Case] = [
        Case(
            header: "com.amazonaws.secretsmanager#ResourceNotFoundException:http://internal.amazon.com/doc/",
            body: "{}",
            status: 400,
            awsCode: "ResourceNotFoundException",
            code: .notFound
        ),
        Case(
            body: #"{"__type":"com.amazonaws.secretsmanager#AccessDeniedException","Message":"no access"}"#,
            status: 400,
            awsCode: "AccessDeniedException",
            code: .accessDenied,
            message: "no access"
        ),
        Case(
            body: #"{"code":"DecryptionFailure","__type":"Other","message":"kms"}"#,
            status: 400,
            awsCode: "DecryptionFailure",
            code: .decryptionFailure,
            message: "kms"
        ),
        Case(
            header: "ThrottlingException",
            body: #"{"__type":"ResourceNotFoundException"}"#,
            status: 400,
            awsCode: "ThrottlingException",
            code: .throttled
        ),
        Case(
            body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch"
                + "</Code><Message>The request signature we calculated does not match &amp; more</Message></Error>"
                + "</Errors><RequestId>7a62c49f</RequestId></ErrorResponse>",
            status: 403,
            awsCode: "SignatureDoesNotMatch",
            code: .signatureRejected,
            message: "The request signature we calculated does not match & more"
        ),
        Case(
            body: "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the "
                + "request is invalid.</Message></Error></ErrorResponse>",
            status: 403,
            awsCode: "InvalidClientTokenId",
            code: .invalidCredentials
        ),
        Case(
            body: #"{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find"}"#,
            status: 404,
            awsCode: "ResourceNotFoundException",
            code: .notFound
        ),
        Case(
            body: #"{"__type":"InternalServiceError"}"#,
            status: 400,
            awsCode: "InternalServiceError",
            code: .serviceUnavailable
        ),
        Case(body: "<html>Internal Server Error</html>", status: 500, code: .serviceUnavailable),
        Case(body: "<html>Forbidden</html>", status: 403, code: .requestFailed),
        Case(
            body: #"{"__type":"SomethingNewException"}"#,
            status: 400,
            awsCode: "SomethingNewException",
            code: .requestFailed
        ),
        Case(
            body: #"{"__type":"ExpiredTokenException"}"#,
            status: 400,
            awsCode: "ExpiredTokenException",
            code: .invalidCredentials
        ),
        Case(
            body: #"{"__type":"InvalidRequestException"}"#,
            status: 400,
            awsCode: "InvalidRequestException",
            code: .invalidRequest
        ),
        Case(
            body: #"{"__type":"UnrecognizedClientException"}"#,
            status: 400,
            awsCode: "UnrecognizedClientException",
            code: .invalidCredentials
        ),
    ]

    @Test(arguments: cases)
    func classify(_ item: Case) {
        let answer = AWSErrorResponse(errorTypeHeader: item.header, body: Array(item.body.utf8))
        #expect(answer.code == item.awsCode)
        #expect(answer.classify(status: item.status) == item.code)
        if let message = item.message { #expect(answer.safeMessage(redacting: []) == message) }
    }

    @Test(arguments: [
        ("ResourceNotFoundException", "ResourceNotFoundException"),
        ("com.amazonaws.secretsmanager#ResourceNotFoundException:http://x/y", "ResourceNotFoundException"),
        ("aws.protocoltests#Throttling", "Throttling"), ("  Throttling  ", "Throttling"),
    ])
    func sanitize(raw: String, code: String) {
        #expect(AWSErrorResponse.sanitize(raw) == code)
    }

    /// AWS echoes the canonical request (with the session token) in signature errors; none of it, and no
    /// credential string, reaches the error or the logs.
    @Test func signatureErrorMessageIsRedacted() async throws {
        let token = ClientTests.sessionToken
        let message =
            "The request signature we calculated does not match the signature you provided. Key \(ClientTests.secretKey)"
            + "\\n\\nThe Canonical String for this request should have been\\n'POST\\n/\\n\\nhost:x\\n"
            + "x-amz-security-token:\(token)\\n'\\n\\nThe String-to-Sign should have been\\n'AWS4-HMAC-SHA256'"
        let logs = LogCapture()
        try await ScriptedHTTPServer.with([
            .respond(400, [], #"{"__type":"InvalidSignatureException","message":"\#(message)"}"#)
        ]) {
            server in
            let error = await #expect(throws: SecretsManagerError.self) {
                try await ClientTests.client(port: server.port, logs: logs)
                    .getSecretValue(secretID: "s", deadline: ClientTests.deadline())
            }
            #expect(error?.code == .signatureRejected)
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("does not match the signature you provided"))
            #expect(text.contains("<redacted>"))
            #expect(!text.contains(token))
            #expect(!text.contains(ClientTests.secretKey))
            #expect(!text.contains("Canonical String"))
        }
        #expect(logs.lines(containingAnyOf: [token, ClientTests.secretKey]).isEmpty)
    }

    @Test(arguments: [
        ("", [UInt8]()), ("AAFiaW5hcnk=", [0, 1, 98, 105, 110, 97, 114, 121]), ("QQ==", [65]), ("QQ", [65]),
        ("QUI=", [65, 66]), ("QUJD", [65, 66, 67]), ("+/+/", [251, 255, 191]),
    ])
    func base64(text: String, bytes: [UInt8]) {
        #expect(Base64.decode(text, padding: .optional) == bytes)
    }

    @Test(arguments: ["Q", "QQ=A", "@@@@", "QUJD====", "QQ=", "QUJD\n", "QUJDR"])
    func invalidBase64(text: String) {
        #expect(Base64.decode(text, padding: .optional) == nil)
    }
}
