import JSON
import LambdaEvents
import Primitives

/// The normalized HTTP request `record` mode sends for API Gateway REST/HTTP APIs, Function URLs and ALB, so one
/// handler serves all four: header names lower case (repeats joined with `, `), query values decoded and always
/// lists, cookies split out. The event as received is kept under `event`.
enum HTTPRequestPayload {
    static func make(_ classified: ClassifiedEvent) -> JSONValue? {
        switch classified {
        case .apiGatewayV1(let request):
            return build(
                source: .apiGatewayV1,
                method: request.httpMethod,
                path: request.path,
                query: request.queryParameters,
                headers: request.headers,
                cookies: nil,
                pathParameters: request.pathParameters,
                body: request.body,
                isBase64Encoded: request.isBase64Encoded,
                requestId: request.requestId,
                sourceIp: request.sourceIp,
                event: request.raw
            )
        case .apiGatewayV2(let request), .functionURL(let request):
            return build(
                source: classified.kind,
                method: request.method,
                path: request.path,
                query: request.queryParameters,
                headers: request.headers,
                cookies: request.cookies.isEmpty ? nil : request.cookies,
                pathParameters: request.pathParameters,
                body: request.body,
                isBase64Encoded: request.isBase64Encoded,
                requestId: request.requestId,
                sourceIp: request.sourceIp,
                event: request.raw
            )
        case .alb(let request):
            let forwardedFor = request.headers.first("x-forwarded-for")?.split(separator: ",").first
            return build(
                source: .alb,
                method: request.httpMethod,
                path: request.path,
                query: request.queryParameters,
                headers: request.headers,
                cookies: nil,
                pathParameters: [],
                body: request.body,
                isBase64Encoded: request.isBase64Encoded,
                requestId: nil,
                sourceIp: forwardedFor.map { String($0).trimming(.spaceAndTab) },
                event: request.raw
            )
        default:
            return nil
        }
    }

    private static func build(
        source: EventKind,
        method: String?,
        path: String?,
        query: HTTPFields,
        headers: HTTPFields,
        cookies: [String]?,
        pathParameters: [(name: String, value: String)],
        body: String?,
        isBase64Encoded: Bool,
        requestId: String?,
        sourceIp: String?,
        event: JSONValue
    ) -> JSONValue {
        var lowered = HTTPFields()
        for entry in headers.entries { lowered.append(entry.name.lowercased(), entry.values) }
        let cookieList =
            cookies
            ?? lowered.values("cookie").flatMap { header in
                header.split(separator: ";").map { String($0).trimming(.spaceAndTab) }.filter { !$0.isEmpty }
            }
        return .members([
            ("type", "http"),
            ("source", .string(source.rawValue)),
            ("method", .optional(method)),
            ("path", .optional(path)),
            ("query", .object(JSONObject(query.entries.map { ($0.name, .array($0.values.map(JSONValue.string))) }))),
            (
                "headers",
                .object(JSONObject(lowered.entries.map { ($0.name, .string($0.values.joined(separator: ", "))) }))
            ),
            ("cookies", .array(cookieList.map(JSONValue.string))),
            ("pathParameters", .textMap(pathParameters)),
            ("body", .optional(body)),
            ("isBase64Encoded", .bool(isBase64Encoded)),
            ("requestId", .optional(requestId)),
            ("sourceIp", .optional(sourceIp)),
            ("event", event),
        ])
    }
}
