import JSON
import LambdaEvents
import Testing

@Suite("Classification order and edge cases")
struct ClassificationEdgeCaseTests {
    @Test(
        "inline events",
        arguments: [
            (#"{"Records":[]}"#, EventKind.unknown),
            (#"{"Records":"nope"}"#, .unknown),
            (#"{"Records":[42]}"#, .unknown),
            (#"{"Records":[{"eventSource":"aws:kinesis"}]}"#, .kinesis),
            (#"{"Records":[{"eventSource":"aws:dynamodb"}]}"#, .dynamodbStream),
            (#"{"Records":[{"EventSource":"aws:kinesis"}]}"#, .unknown),
            (#"{"Records":[{"eventSource":"aws:ses"}]}"#, .unknown),
            (#"{"Records":[{"eventSource":"aws:s3"}]}"#, .s3),
            (#"{"Records":[{"eventSource":"aws:sqs"}]}"#, .sqs),
            (#"{"Records":[{"EventSource":"aws:sns"}]}"#, .sns),
            (#"{"Records":[{"eventSource":"aws:sns"}]}"#, .unknown),
            (#"{"Service":"Amazon S3","Event":"s3:TestEvent"}"#, .s3TestEvent),
            (#"{"Service":"Amazon S3","Event":"s3:ObjectCreated"}"#, .unknown),
            (#"{"source":"aws.events","detail-type":"Scheduled Event","detail":{}}"#, .scheduledEvent),
            (#"{"source":"aws.events","detail-type":"Scheduled Event"}"#, .unknown),
            (#"{"source":"aws.events","detail-type":7,"detail":{}}"#, .unknown),
            (#"{"source":"aws.scheduler","detail-type":"Scheduled Event","detail":"not json"}"#, .schedulerEvent),
            (#"{"source":"aws.s3","detail-type":"Object Created","detail":null}"#, .s3EventBridge),
            (#"{"source":"aws.events","detail-type":"Other","detail":{}}"#, .eventBridge),
            (#"{"httpMethod":"GET","path":"/","resource":"/","requestContext":{"elb":{}}}"#, .alb),
            (#"{"version":"2.0","requestContext":{"http":{"method":"GET"}}}"#, .apiGatewayV2),
            (
                #"{"version":"2.0","requestContext":{"http":{},"domainName":"x.lambda-url.eu-west-1.on.aws"}}"#,
                .functionURL
            ),
            (#"{"version":"2.0","requestContext":{}}"#, .unknown),
            (#"{"httpMethod":"GET","resource":"/x","requestContext":{}}"#, .apiGatewayV1),
            (#"{"httpMethod":"GET","version":"1.0","requestContext":{}}"#, .apiGatewayV1),
            (#"{"httpMethod":"GET","requestContext":{}}"#, .unknown),
            (#"{"httpMethod":"GET","resource":"/x"}"#, .unknown),
            (#"{"httpMethod":"GET","resource":"/x","requestContext":{"connectionId":"c"}}"#, .unknown),
            (#"{"type":"TOKEN","methodArn":"arn","authorizationToken":"t"}"#, .unknown),
            ("null", .unknown),
            ("true", .unknown),
            ("12.50", .unknown),
            (#""text""#, .unknown),
            ("[]", .unknown),
            ("{}", .unknown),
        ]
    )
    func inline(json: String, kind: EventKind) throws {
        let event = try InboundEvent(bytes: Array(json.utf8))
        #expect(event.kind == kind, "\(json)")
        if case .unknown(let value) = event.classified { #expect(value == event.value) }
    }

    @Test("only HTTP kinds are HTTP")
    func httpKinds() {
        #expect(Set(EventKind.allCases.filter(\.isHTTP)) == [.apiGatewayV1, .apiGatewayV2, .functionURL, .alb])
    }
}
