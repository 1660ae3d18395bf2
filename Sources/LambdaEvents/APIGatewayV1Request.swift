package import JSON

/// An API Gateway REST API proxy request (payload format 1.0; an HTTP API using 1.0 sends the same shape plus
/// `"version":"1.0"`). `queryStringParameters`, `multiValueQueryStringParameters`, `pathParameters`,
/// `stageVariables` and `body` may be null, `isBase64Encoded` may be absent; header names keep client casing.
package struct APIGatewayV1Request: Sendable {
    package var resource: String?
    package var path: String?
    package var httpMethod: String?
    package var version: String?
    package var headers: HTTPFields
    package var queryParameters: HTTPFields
    package var pathParameters: [(name: String, value: String)]
    package var stageVariables: [(name: String, value: String)]
    package var requestId: String?
    package var stage: String?
    package var sourceIp: String?
    package var body: String?
    package var isBase64Encoded: Bool
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let object = raw.objectValue ?? JSONObject()
        resource = object.string("resource")
        path = object.string("path")
        httpMethod = object.string("httpMethod")
        version = object.text("version")
        headers = HTTPFields(single: object.textPairs("headers"), multi: object.textListPairs("multiValueHeaders"))
        queryParameters = HTTPFields(
            single: object.textPairs("queryStringParameters"),
            multi: object.textListPairs("multiValueQueryStringParameters")
        )
        pathParameters = object.textPairs("pathParameters")
        stageVariables = object.textPairs("stageVariables")
        let context = object.object("requestContext") ?? JSONObject()
        requestId = context.string("requestId")
        stage = context.string("stage")
        sourceIp = context.object("identity")?.string("sourceIp")
        body = object.string("body")
        isBase64Encoded = object.flag("isBase64Encoded") ?? false
    }
}
