import EventDispatch
import JSON
import LambdaEvents
import Testing

/// Checks a response has exactly the shape its source requires.
enum ResponseShape {
    static func expectHTTP(_ response: JSONValue, kind: EventKind, multiValueHeaders: Bool = false) {
        let keys = DispatchTestSupport.keys(response)
        switch kind {
        case .apiGatewayV1:
            #expect(keys == ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"])
            #expect(response["headers"]?.objectValue?.members.allSatisfy { $0.value.stringValue != nil } == true)
            #expect(
                response["multiValueHeaders"]?.objectValue?.members.allSatisfy {
                    $0.value.arrayValue?.allSatisfy { $0.stringValue != nil } == true
                } == true
            )
        case .apiGatewayV2, .functionURL:
            #expect(keys == ["statusCode", "headers", "cookies", "body", "isBase64Encoded"])
            #expect(response["cookies"]?.arrayValue != nil)
        case .alb:
            let headerKey = multiValueHeaders ? "multiValueHeaders" : "headers"
            #expect(keys == ["statusCode", "statusDescription", headerKey, "body", "isBase64Encoded"])
            #expect(response["statusDescription"]?.stringValue?.hasPrefix(statusText(response)) == true)
        default:
            Issue.record("\(kind) is not an HTTP source")
        }
        #expect(response["statusCode"]?.numberValue?.int64Value != nil)
        #expect(response["body"]?.stringValue != nil)
        #expect(response["isBase64Encoded"]?.boolValue != nil)
    }

    static func statusText(_ response: JSONValue) -> String {
        response["statusCode"]?.numberValue?.text ?? "?"
    }

    static func status(_ response: JSONValue) -> Int64? { response["statusCode"]?.numberValue?.int64Value }

    /// The parsed JSON body of an HTTP response.
    static func jsonBody(_ response: JSONValue) -> JSONValue? {
        response["body"]?.stringValue.flatMap { try? JSONValue(parsing: $0) }
    }

    /// `{"status":"Success","response": inner}`.
    static func expectDropIn(_ response: JSONValue, _ inner: JSONValue) {
        #expect(DispatchTestSupport.keys(response) == ["status", "response"])
        #expect(response["status"] == "Success")
        #expect(response["response"] == inner)
    }
}
