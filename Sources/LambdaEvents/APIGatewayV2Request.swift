package import JSON

/// An API Gateway HTTP API request (payload format 2.0) or a Lambda Function URL request (same shape; the
/// `requestContext.domainName` contains `.lambda-url.`, and `routeKey`/`stage` may be missing). Header names are
/// lower case with duplicates comma-joined; `cookies` holds the `Cookie` header's parts.
package struct APIGatewayV2Request: Sendable {
    package var version: String?
    package var routeKey: String?
    package var rawPath: String?
    package var rawQueryString: String?
    package var cookies: [String]
    package var headers: HTTPFields
    package var queryStringParameters: [(name: String, value: String)]
    package var pathParameters: [(name: String, value: String)]
    package var stageVariables: [(name: String, value: String)]
    package var domainName: String?
    package var method: String?
    /// `requestContext.http.path` (decoded), falling back to `rawPath`.
    package var path: String?
    package var sourceIp: String?
    package var requestId: String?
    package var stage: String?
    package var body: String?
    package var isBase64Encoded: Bool
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let object = raw.objectValue ?? JSONObject()
        version = object.text("version")
        routeKey = object.string("routeKey")
        rawPath = object.string("rawPath")
        rawQueryString = object.string("rawQueryString")
        cookies = object.textList("cookies")
        headers = HTTPFields(single: object.textPairs("headers"), multi: [])
        queryStringParameters = object.textPairs("queryStringParameters")
        pathParameters = object.textPairs("pathParameters")
        stageVariables = object.textPairs("stageVariables")
        let context = object.object("requestContext") ?? JSONObject()
        domainName = context.string("domainName")
        let http = context.object("http") ?? JSONObject()
        method = http.string("method")
        path = http.string("path") ?? rawPath
        sourceIp = http.string("sourceIp")
        requestId = context.string("requestId")
        stage = context.string("stage")
        body = object.string("body")
        isBase64Encoded = object.flag("isBase64Encoded") ?? false
    }

    /// True for a Lambda Function URL (`requestContext.domainName` contains `.lambda-url.`).
    package var isFunctionURL: Bool { domainName?.contains(".lambda-url.") ?? false }

    /// Query parameters with repeated names kept apart, parsed from `rawQueryString` (form-decoded); falls back to
    /// `queryStringParameters` when there is no raw query string.
    package var queryParameters: HTTPFields {
        if let rawQueryString, !rawQueryString.isEmpty {
            return HTTPFields(PercentDecoding.queryPairs(rawQueryString).map { (name: $0.name, values: [$0.value]) })
        }
        return HTTPFields(queryStringParameters.map { (name: $0.name, values: [$0.value]) })
    }
}
