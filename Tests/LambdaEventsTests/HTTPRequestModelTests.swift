import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("HTTP request models: REST v1, HTTP API v2, Function URL, ALB")
struct HTTPRequestModelTests {
    private func classify(_ name: String) throws -> ClassifiedEvent {
        try InboundEvent(bytes: EventFixtures.bytes(name)).classified
    }

    @Test("REST v1: case-insensitive headers, multi-value query wins, path parameters, context")
    func restV1() throws {
        guard case .apiGatewayV1(let request) = try classify("apigw-v1.json") else {
            Issue.record("not v1")
            return
        }
        #expect(request.httpMethod == "GET")
        #expect(request.resource == "/orders/{orderId}")
        #expect(request.headers.first("user-agent") == "curl/8.5.0")
        #expect(request.headers.first("USER-AGENT") == "curl/8.5.0")
        #expect(request.queryParameters.values("tag") == ["urgent", "gift"])
        #expect(request.pathParameters.map(\.value) == ["o-9931"])
        #expect(request.requestId == "e1b2c3d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e")
        #expect(request.sourceIp == "203.0.113.17")
        #expect(request.body == nil)
        #expect(!request.isBase64Encoded)
    }

    @Test("REST v1: null maps read as empty, base64 body flagged, absent flag is false")
    func restV1Nulls() throws {
        guard case .apiGatewayV1(let request) = try classify("apigw-v1-null-maps-base64.json") else {
            Issue.record("not v1")
            return
        }
        #expect(request.queryParameters.isEmpty)
        #expect(request.pathParameters.isEmpty)
        #expect(request.stageVariables.isEmpty)
        #expect(request.isBase64Encoded)
        guard case .apiGatewayV1(let plain) = try classify("apigw-v1-payload-1.0-no-base64-flag.json") else {
            Issue.record("not v1")
            return
        }
        #expect(plain.version == "1.0")
        #expect(!plain.isBase64Encoded)
    }

    @Test("HTTP API v2: query parsed from rawQueryString keeps repeats; cookies")
    func httpAPI() throws {
        guard case .apiGatewayV2(let request) = try classify("apigw-v2.json") else {
            Issue.record("not v2")
            return
        }
        #expect(!request.isFunctionURL)
        #expect(request.method == "POST")
        #expect(request.queryParameters.values("tag") == ["a", "b c"])
        #expect(request.queryStringParameters.first { $0.name == "tag" }?.value == "a,b c")
        guard case .apiGatewayV2(let withCookies) = try classify("apigw-v2-cookies.json") else {
            Issue.record("not v2")
            return
        }
        #expect(withCookies.cookies == ["session=7f3c9a1b2d", "lang=de-DE", "consent=analytics%3Dno"])
        #expect(withCookies.body == nil)
        #expect(withCookies.queryParameters.isEmpty)
    }

    @Test("Function URL: recognised by the .lambda-url. domain, even without routeKey and stage")
    func functionURL() throws {
        guard case .functionURL(let request) = try classify("function-url.json") else {
            Issue.record("not a Function URL")
            return
        }
        #expect(request.queryParameters.values("note") == ["thanks a+lot"])
        guard case .functionURL(let iam) = try classify("function-url-iam-base64.json") else {
            Issue.record("not a Function URL")
            return
        }
        #expect(iam.routeKey == nil && iam.stage == nil)
        #expect(iam.isBase64Encoded)
    }

    @Test("ALB: single-value request, encoded query decoded on demand")
    func albSingle() throws {
        guard case .alb(let request) = try classify("alb.json") else {
            Issue.record("not ALB")
            return
        }
        #expect(!request.usesMultiValueHeaders)
        #expect(!request.isHealthCheck)
        #expect(request.rawQueryParameters.first("q") == "red%20flower")
        #expect(request.queryParameters.first("q") == "red flower")
        #expect(request.targetGroupArn?.hasSuffix("6d0ecf831eec9f09") == true)
    }

    @Test("ALB: multi-value headers and query")
    func albMulti() throws {
        guard case .alb(let request) = try classify("alb-multi-value-headers.json") else {
            Issue.record("not ALB")
            return
        }
        #expect(request.usesMultiValueHeaders)
        #expect(request.headers.values("accept") == ["text/html", "application/json"])
        #expect(request.queryParameters.values("redirect") == ["/thanks?source=form"])
        #expect(request.queryParameters.values("tag") == ["a", "b c"])
    }

    @Test("ALB health check")
    func albHealthCheck() throws {
        guard case .alb(let request) = try classify("alb-health-check.json") else {
            Issue.record("not ALB")
            return
        }
        #expect(request.isHealthCheck)
    }
}
