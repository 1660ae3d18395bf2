import JSON
import LambdaEvents

/// Which response shape an HTTP source needs.
enum HTTPTarget: Sendable, Equatable {
    /// API Gateway REST (payload 1.0): exactly `statusCode, headers, multiValueHeaders, body, isBase64Encoded`.
    case apiGatewayV1
    /// HTTP API (payload 2.0) and Function URL: `statusCode, headers, cookies, body, isBase64Encoded`.
    case apiGatewayV2
    /// ALB: `statusCode, statusDescription`, then `multiValueHeaders` when the request used them, else `headers`.
    case alb(multiValueHeaders: Bool)

    init?(_ kind: EventKind, usesMultiValueHeaders: Bool = false) {
        switch kind {
        case .apiGatewayV1: self = .apiGatewayV1
        case .apiGatewayV2, .functionURL: self = .apiGatewayV2
        case .alb: self = .alb(multiValueHeaders: usesMultiValueHeaders)
        default: return nil
        }
    }
}

extension HTTPResponse {
    /// The response object Lambda returns to the source.
    func rendered(for target: HTTPTarget) -> JSONValue {
        switch target {
        case .apiGatewayV1:
            var all = headers
            if !cookies.isEmpty { all.append("Set-Cookie", cookies) }
            let single = all.entries.filter { $0.values.count == 1 }
            let multi = all.entries.filter { $0.values.count > 1 }
            return .members([
                ("statusCode", .integer(statusCode)),
                ("headers", .textMap(single.map { (name: $0.name, value: $0.values[0]) })),
                ("multiValueHeaders", HTTPResponse.listMap(multi)),
                ("body", .string(body)),
                ("isBase64Encoded", .bool(isBase64Encoded)),
            ])
        case .apiGatewayV2:
            var allCookies = cookies
            var rest = HTTPFields()
            for entry in headers.entries {
                if entry.name.lowercased() == "set-cookie" {
                    allCookies += entry.values
                } else {
                    rest.append(entry.name, entry.values)
                }
            }
            return .members([
                ("statusCode", .integer(statusCode)),
                ("headers", HTTPResponse.joinedMap(rest)),
                ("cookies", .array(allCookies.map(JSONValue.string))),
                ("body", .string(body)),
                ("isBase64Encoded", .bool(isBase64Encoded)),
            ])
        case .alb(let multiValueHeaders):
            var all = headers
            if !cookies.isEmpty { all.append("Set-Cookie", cookies) }
            let headerMember: (String, JSONValue)
            if multiValueHeaders {
                headerMember = ("multiValueHeaders", HTTPResponse.listMap(all.entries))
            } else {
                headerMember = ("headers", HTTPResponse.joinedMap(all))
            }
            return .members([
                ("statusCode", .integer(statusCode)),
                ("statusDescription", .string(statusDescription ?? HTTPStatus.description(statusCode))),
                headerMember,
                ("body", .string(body)),
                ("isBase64Encoded", .bool(isBase64Encoded)),
            ])
        }
    }

    private static func listMap(_ entries: [(name: String, values: [String])]) -> JSONValue {
        .object(JSONObject(entries.map { ($0.name, .array($0.values.map(JSONValue.string))) }))
    }

    /// One value per name: repeated values joined with `, `, except `Set-Cookie`, which cannot be joined (last wins).
    private static func joinedMap(_ fields: HTTPFields) -> JSONValue {
        .object(
            JSONObject(
                fields.entries.compactMap { entry in
                    if entry.name.lowercased() == "set-cookie" {
                        return entry.values.last.map { (entry.name, JSONValue.string($0)) }
                    }
                    return (entry.name, .string(entry.values.joined(separator: ", ")))
                }
            )
        )
    }
}
