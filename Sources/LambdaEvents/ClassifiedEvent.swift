// Target LambdaEvents (pure leaf): the models of the AWS events the bridge recognises and their classification by
// discriminating keys (this file), including what SQS bodies and SNS messages nest. No I/O, no Modal, no responses.
// May import: JSON. See docs/events.md.

package import JSON

/// An event recognised by its discriminating keys, with the typed model of its source.
package enum ClassifiedEvent: Sendable {
    case s3(S3Notification)
    case s3TestEvent(S3TestEvent)
    case s3EventBridge(EventBridgeEvent, S3EventBridgeDetail)
    case sqs(SQSEvent)
    case sns(SNSEvent)
    case kinesis(KinesisEvent)
    case dynamodbStream(DynamoDBStreamEvent)
    case apiGatewayV1(APIGatewayV1Request)
    case apiGatewayV2(APIGatewayV2Request)
    case functionURL(APIGatewayV2Request)
    case alb(ALBTargetRequest)
    case scheduledEvent(EventBridgeEvent)
    case schedulerEvent(EventBridgeEvent)
    case eventBridge(EventBridgeEvent)
    case unknown(JSONValue)

    package var kind: EventKind {
        switch self {
        case .s3: return .s3
        case .s3TestEvent: return .s3TestEvent
        case .s3EventBridge: return .s3EventBridge
        case .sqs: return .sqs
        case .sns: return .sns
        case .kinesis: return .kinesis
        case .dynamodbStream: return .dynamodbStream
        case .apiGatewayV1: return .apiGatewayV1
        case .apiGatewayV2: return .apiGatewayV2
        case .functionURL: return .functionURL
        case .alb: return .alb
        case .scheduledEvent: return .scheduledEvent
        case .schedulerEvent: return .schedulerEvent
        case .eventBridge: return .eventBridge
        case .unknown: return .unknown
        }
    }

    /// Classifies a parsed event by explicit discriminating keys, in this order (never by "does it decode"):
    /// 1. `Records` array: the first record's `eventSource` `aws:s3` / `aws:sqs` / `aws:kinesis` / `aws:dynamodb`,
    ///    or `EventSource` `aws:sns`; other sources (SES, CodeCommit, …) are unknown;
    /// 2. `Service == "Amazon S3"` and `Event == "s3:TestEvent"`;
    /// 3. string `source` and `detail-type` plus a `detail` member: EventBridge (scheduled rule, Scheduler, S3, other);
    /// 4. `requestContext.elb`: ALB (before REST, which shares `httpMethod`/`path`);
    /// 5. `version == "2.0"` with `requestContext.http`: HTTP API, or Function URL when the domain has `.lambda-url.`;
    /// 6. WebSocket (`requestContext.connectionId`/`eventType`) and authorizer (`type` + `methodArn`) events: unknown;
    /// 7. `httpMethod` + `requestContext` and (`resource` or `version == "1.0"`): REST API (payload 1.0);
    /// 8. anything else, including non-objects: unknown, forwarded as is.
    package init(_ value: JSONValue) {
        guard let object = value.objectValue else {
            self = .unknown(value)
            return
        }
        if object["Records"] != nil {
            if let notification = S3Notification(value) {
                self = .s3(notification)
            } else if let batch = SQSEvent(value) {
                self = .sqs(batch)
            } else if let event = SNSEvent(value) {
                self = .sns(event)
            } else if let batch = KinesisEvent(value) {
                self = .kinesis(batch)
            } else if let batch = DynamoDBStreamEvent(value) {
                self = .dynamodbStream(batch)
            } else {
                self = .unknown(value)
            }
            return
        }
        if let testEvent = S3TestEvent(value) {
            self = .s3TestEvent(testEvent)
            return
        }
        if let event = EventBridgeEvent(value) {
            if let detail = event.s3Detail {
                self = .s3EventBridge(event, detail)
            } else if event.isScheduledRule {
                self = .scheduledEvent(event)
            } else if event.isSchedulerEnvelope {
                self = .schedulerEvent(event)
            } else {
                self = .eventBridge(event)
            }
            return
        }
        self = ClassifiedEvent.classifyHTTP(value, object) ?? .unknown(value)
    }

    private static func classifyHTTP(_ value: JSONValue, _ object: JSONObject) -> ClassifiedEvent? {
        guard let context = object.object("requestContext") else { return nil }
        if context.object("elb") != nil { return .alb(ALBTargetRequest(value)) }
        let version = object.text("version")
        if version == "2.0", context.object("http") != nil {
            let request = APIGatewayV2Request(value)
            return request.isFunctionURL ? .functionURL(request) : .apiGatewayV2(request)
        }
        if context["connectionId"] != nil || context["eventType"] != nil { return nil }
        if object.string("methodArn") != nil, object.string("type") != nil { return nil }
        if object.string("httpMethod") != nil, object["resource"] != nil || version == "1.0" {
            return .apiGatewayV1(APIGatewayV1Request(value))
        }
        return nil
    }
}
