import EventDispatch
import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("HTTP responses: REST v1, HTTP API v2 / Function URL, ALB")
struct HTTPResponseTests {
    private func respond(_ name: String, with outcome: InvocationOutcome) async throws -> JSONValue {
        try await DispatchTestSupport.run(
            DispatchTestSupport.fixture(name),
            configuration: DispatchConfiguration(),
            invoker: RecordingInvoker(always: outcome)
        ).get()
    }

    private let structured: JSONValue = [
        "statusCode": 201,
        "headers": ["X-Request": "abc", "Cache-Control": "no-store", "X-Multi": ["1", "2"]],
        "multiValueHeaders": ["Set-Cookie": ["a=1; Path=/", "b=2; Path=/"]],
        "body": ["id": 7, "price": .number(JSONNumber(text: "9.90")!)],
    ]

    @Test("REST v1: a structured result is mapped through; object body → JSON text; exact five keys")
    func restStructured() async throws {
        let response = try await respond("apigw-v1.json", with: .result(structured))
        ResponseShape.expectHTTP(response, kind: .apiGatewayV1)
        #expect(response["statusCode"] == 201)
        #expect(response["body"] == #"{"id":7,"price":9.90}"#)
        #expect(response["isBase64Encoded"] == false)
        #expect(response["headers"]?["X-Request"] == "abc")
        #expect(response["headers"]?["content-type"] == "application/json")
        #expect(response["multiValueHeaders"]?["X-Multi"] == ["1", "2"])
        #expect(response["multiValueHeaders"]?["Set-Cookie"] == ["a=1; Path=/", "b=2; Path=/"])
    }

    @Test("REST v1: a plain result is 200 JSON; a string result is the body; cookies become Set-Cookie")
    func restPlain() async throws {
        let plain = try await respond("apigw-v1-null-maps-base64.json", with: .result([1, 2.0, "x"]))
        ResponseShape.expectHTTP(plain, kind: .apiGatewayV1)
        #expect(plain["statusCode"] == 200)
        #expect(plain["body"] == #"[1,2.0,"x"]"#)
        #expect(plain["headers"]?["content-type"] == "application/json")
        let text = try await respond("apigw-v1.json", with: .result("hello"))
        #expect(text["body"] == "hello")
        #expect(text["headers"]?["content-type"] == "text/plain; charset=utf-8")
        let cookies = try await respond(
            "apigw-v1.json",
            with: .result(["statusCode": "204", "cookies": ["s=1", "t=2"], "body": nil])
        )
        #expect(cookies["statusCode"] == 204)
        #expect(cookies["body"] == "")
        #expect(cookies["multiValueHeaders"]?["Set-Cookie"] == ["s=1", "t=2"])
    }

    @Test(
        "a structured result with a bad statusCode is a 502",
        arguments: [#""abc""#, "99", "600", "true", "[]", "200.5", #""""#, "null"]
    )
    func badStatus(code: String) async throws {
        let result = try JSONValue(parsing: #"{"statusCode":\#(code),"body":"x"}"#)
        for name in ["apigw-v1.json", "apigw-v2.json", "alb.json"] {
            let response = try await respond(name, with: .result(result))
            #expect(response["statusCode"] == 502, "\(name) \(code)")
        }
    }

    @Test("base64: honoured from the result, and bytes are base64-encoded")
    func base64() async throws {
        let passthrough = try await respond(
            "function-url.json",
            with: .result(["statusCode": 200, "body": "iVBORw0KGgo=", "isBase64Encoded": true])
        )
        #expect(passthrough["isBase64Encoded"] == true)
        #expect(passthrough["body"] == "iVBORw0KGgo=")
        let bytes = try await respond("apigw-v1.json", with: .bytes([0x89, 0x50, 0x4E, 0x47, 0x0D]))
        #expect(bytes["isBase64Encoded"] == true)
        #expect(bytes["body"] == "iVBORw0=")
        #expect(bytes["headers"]?["content-type"] == "application/octet-stream")
        for (input, output) in [
            ([UInt8](), ""), ([0x66], "Zg=="), ([0x66, 0x6F], "Zm8="), ([0x66, 0x6F, 0x6F], "Zm9v"),
        ] {
            let response = try await respond("alb.json", with: .bytes(input))
            #expect(response["body"] == .string(output))
        }
        let dropIn = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture("sns.json"),
            configuration: DispatchConfiguration(),
            invoker: RecordingInvoker(always: .bytes([0x66, 0x6F, 0x6F, 0x62]))
        ).get()
        ResponseShape.expectDropIn(dropIn, ["result": "Zm9vYg=="])
    }

    @Test("HTTP API v2 / Function URL: cookies list, Set-Cookie headers moved into it, headers joined")
    func v2Cookies() async throws {
        for name in ["apigw-v2.json", "apigw-v2-cookies.json", "function-url.json", "function-url-iam-base64.json"] {
            let response = try await respond(name, with: .result(structured))
            ResponseShape.expectHTTP(response, kind: .apiGatewayV2)
            #expect(response["cookies"] == ["a=1; Path=/", "b=2; Path=/"])
            #expect(response["headers"]?["X-Multi"] == "1, 2")
            #expect(response["headers"]?["Set-Cookie"] == nil)
            let withCookies = try await respond(
                name,
                with: .result(["statusCode": 302, "headers": ["Location": "/home"], "cookies": ["sid=9"]])
            )
            #expect(withCookies["cookies"] == ["sid=9"])
            #expect(withCookies["headers"] == ["Location": "/home"])
            #expect(withCookies["body"] == "")
        }
    }

    @Test("ALB: statusDescription; headers or multiValueHeaders exactly as the request used them")
    func alb() async throws {
        let single = try await respond("alb.json", with: .result(structured))
        ResponseShape.expectHTTP(single, kind: .alb, multiValueHeaders: false)
        #expect(single["statusDescription"] == "201 Created")
        #expect(single["headers"]?["X-Multi"] == "1, 2")
        #expect(single["headers"]?["Set-Cookie"] == "b=2; Path=/")
        let multi = try await respond("alb-multi-value-headers.json", with: .result(structured))
        ResponseShape.expectHTTP(multi, kind: .alb, multiValueHeaders: true)
        #expect(multi["multiValueHeaders"]?["Set-Cookie"] == ["a=1; Path=/", "b=2; Path=/"])
        #expect(multi["multiValueHeaders"]?["X-Request"] == ["abc"])
        let described = try await respond(
            "alb.json",
            with: .result(["statusCode": 418, "statusDescription": "418 Teapot Here", "body": "short and stout"])
        )
        #expect(described["statusDescription"] == "418 Teapot Here")
        let unknownCode = try await respond("alb.json", with: .result(["statusCode": 299]))
        #expect(unknownCode["statusDescription"] == "299")
    }

    @Test("ALB health checks are answered 200 without a call, in the request's header style")
    func healthCheck() async throws {
        for mode in DispatchMode.allCases {
            let invoker = RecordingInvoker()
            let response = try await DispatchTestSupport.run(
                DispatchTestSupport.fixture("alb-health-check.json"),
                configuration: DispatchConfiguration(mode: mode),
                invoker: invoker
            ).get()
            #expect(invoker.payloads.isEmpty)
            ResponseShape.expectHTTP(response, kind: .alb, multiValueHeaders: false)
            #expect(response["statusCode"] == 200)
            #expect(response["statusDescription"] == "200 OK")
        }
        let multi = Array(
            #"{"requestContext":{"elb":{"targetGroupArn":"arn"}},"httpMethod":"GET","path":"/health","multiValueHeaders":{"user-agent":["ELB-HealthChecker/2.0"]},"body":""}"#
                .utf8
        )
        let invoker = RecordingInvoker()
        let response = try await DispatchTestSupport.run(
            multi,
            configuration: DispatchConfiguration(),
            invoker: invoker
        )
        .get()
        #expect(invoker.payloads.isEmpty)
        ResponseShape.expectHTTP(response, kind: .alb, multiValueHeaders: true)
    }
}
