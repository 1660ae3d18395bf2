package import JSON

/// An Application Load Balancer request to a Lambda target (`requestContext.elb`). The target group's
/// multi-value-headers setting decides whether `headers`/`queryStringParameters` or `multiValueHeaders`/
/// `multiValueQueryStringParameters` arrive, and the response must use the same kind. Query names and values
/// arrive still percent-encoded.
package struct ALBTargetRequest: Sendable {
    package var targetGroupArn: String?
    package var httpMethod: String?
    package var path: String?
    package var headers: HTTPFields
    /// Query parameters as sent (still percent-encoded).
    package var rawQueryParameters: HTTPFields
    /// True when the request carried `multiValueHeaders`: the response must then use `multiValueHeaders` too.
    package var usesMultiValueHeaders: Bool
    package var body: String?
    package var isBase64Encoded: Bool
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let object = raw.objectValue ?? JSONObject()
        targetGroupArn = object.object("requestContext")?.object("elb")?.string("targetGroupArn")
        httpMethod = object.string("httpMethod")
        path = object.string("path")
        usesMultiValueHeaders = object.object("multiValueHeaders") != nil
        headers = HTTPFields(single: object.textPairs("headers"), multi: object.textListPairs("multiValueHeaders"))
        rawQueryParameters = HTTPFields(
            single: object.textPairs("queryStringParameters"),
            multi: object.textListPairs("multiValueQueryStringParameters")
        )
        body = object.string("body")
        isBase64Encoded = object.flag("isBase64Encoded") ?? false
    }

    /// Query parameters with names and values percent-decoded (`+` as space).
    package var queryParameters: HTTPFields {
        HTTPFields(
            rawQueryParameters.entries.map { entry in
                (
                    name: PercentDecoding.decode(entry.name, plusAsSpace: true),
                    values: entry.values.map { PercentDecoding.decode($0, plusAsSpace: true) }
                )
            }
        )
    }

    /// An ALB health check (`user-agent` starting with `ELB-HealthChecker`): answered locally, never forwarded.
    package var isHealthCheck: Bool {
        headers.values("user-agent").contains { $0.hasPrefix("ELB-HealthChecker") }
    }
}
