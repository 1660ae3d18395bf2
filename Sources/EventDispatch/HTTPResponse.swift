import JSON
import LambdaEvents
import Primitives

/// An HTTP response before it is shaped for its source (see `HTTPResponse+Rendering.swift`).
struct HTTPResponse: Sendable {
    var statusCode: Int
    var statusDescription: String?
    var headers: HTTPFields
    var cookies: [String]
    var body: String
    var isBase64Encoded: Bool

    init(
        statusCode: Int,
        statusDescription: String? = nil,
        headers: HTTPFields = HTTPFields(),
        cookies: [String] = [],
        body: String = "",
        isBase64Encoded: Bool = false
    ) {
        self.statusCode = statusCode
        self.statusDescription = statusDescription
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    /// `status` with a JSON body.
    static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            statusCode: status,
            headers: HTTPFields([(name: "content-type", values: ["application/json"])]),
            body: value.serializedString()
        )
    }

    /// A failed call: 502, no internals.
    static let badGateway = json(502, .members([("message", "Bad Gateway")]))
    /// A call that timed out: 504, no internals.
    static let gatewayTimeout = json(504, .members([("message", "Gateway Timeout")]))
    /// The answer to an ALB health check.
    static let healthy = HTTPResponse(
        statusCode: 200,
        headers: HTTPFields([(name: "content-type", values: ["text/plain; charset=utf-8"])]),
        body: "OK"
    )

    /// Maps a call's outcome. A result object with `statusCode` is a structured response and is mapped through
    /// (object body → JSON text, `isBase64Encoded` honoured); `nil` when such a response is malformed (status not
    /// an integer in 100...599). Any other result is a 200 with the JSON text (a string result is the body itself);
    /// spawn is a 202 with the call id; bytes are a base64 body.
    static func from(_ outcome: InvocationOutcome) -> HTTPResponse? {
        switch outcome {
        case .spawned(let functionCallID):
            return json(202, .members([("function_call_id", .string(functionCallID))]))
        case .bytes(let bytes):
            return HTTPResponse(
                statusCode: 200,
                headers: HTTPFields([(name: "content-type", values: ["application/octet-stream"])]),
                body: Base64.encode(bytes),
                isBase64Encoded: true
            )
        case .result(let value):
            if let object = value.objectValue, object["statusCode"] != nil { return structured(object) }
            if case .string(let text) = value {
                return HTTPResponse(
                    statusCode: 200,
                    headers: HTTPFields([(name: "content-type", values: ["text/plain; charset=utf-8"])]),
                    body: text
                )
            }
            return json(200, value)
        }
    }

    private static func structured(_ object: JSONObject) -> HTTPResponse? {
        guard let statusCode = statusCode(object["statusCode"]) else { return nil }
        var single: [(name: String, value: String)] = []
        var multi: [(name: String, values: [String])] = []
        for member in object.object("headers")?.members ?? [] {
            if case .array(let elements) = member.value {
                multi.append((name: member.key, values: elements.compactMap(\.scalarText)))
            } else if let text = member.value.scalarText {
                single.append((name: member.key, value: text))
            }
        }
        multi += object.textListPairs("multiValueHeaders")
        var headers = HTTPFields(single: single, multi: multi)
        var response = HTTPResponse(statusCode: statusCode, statusDescription: object.string("statusDescription"))
        response.cookies = object.textList("cookies")
        switch object["body"] {
        case .string(let text):
            response.body = text
            response.isBase64Encoded = object.flag("isBase64Encoded") ?? false
        case .none, .null:
            response.body = ""
        case .some(let value):
            response.body = value.serializedString()
            if !headers.contains("content-type") { headers.append("content-type", ["application/json"]) }
        }
        response.headers = headers
        return response
    }

    private static func statusCode(_ value: JSONValue?) -> Int? {
        let code: Int?
        switch value {
        case .number(let number):
            if let integer = number.int64Value {
                code = Int(exactly: integer)
            } else {
                let double = number.doubleValue
                code = double.rounded() == double && abs(double) < 1_000 ? Int(double) : nil
            }
        case .string(let text):
            code = Int(text)
        default:
            code = nil
        }
        guard let code, (100...599).contains(code) else { return nil }
        return code
    }
}
