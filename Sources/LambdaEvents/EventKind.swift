/// The source an event was recognised as. The raw value is the stable label used in logs and payloads.
package enum EventKind: String, Sendable, Hashable, CaseIterable {
    /// S3 event notification (`Records[].eventSource == "aws:s3"`).
    case s3 = "s3"
    /// `s3:TestEvent` at the top level (acknowledged, never forwarded).
    case s3TestEvent = "s3-test-event"
    /// S3 event delivered by EventBridge (`source == "aws.s3"`).
    case s3EventBridge = "s3-eventbridge"
    /// SQS batch (`Records[].eventSource == "aws:sqs"`).
    case sqs = "sqs"
    /// SNS notification (`Records[].EventSource == "aws:sns"`).
    case sns = "sns"
    /// Kinesis Data Streams batch (`Records[].eventSource == "aws:kinesis"`).
    case kinesis = "kinesis"
    /// DynamoDB Streams batch (`Records[].eventSource == "aws:dynamodb"`).
    case dynamodbStream = "dynamodb-stream"
    /// API Gateway REST API proxy (payload 1.0).
    case apiGatewayV1 = "apigateway-v1"
    /// API Gateway HTTP API (payload 2.0).
    case apiGatewayV2 = "apigateway-v2"
    /// Lambda Function URL.
    case functionURL = "function-url"
    /// Application Load Balancer target.
    case alb = "alb"
    /// EventBridge scheduled rule (`aws.events` / `Scheduled Event`).
    case scheduledEvent = "eventbridge-schedule"
    /// EventBridge Scheduler default envelope (`aws.scheduler`; `detail` may be a JSON string).
    case schedulerEvent = "eventbridge-scheduler"
    /// Any other EventBridge event.
    case eventBridge = "eventbridge"
    /// Anything else (direct invoke, Scheduler custom input, other services): forwarded as is.
    case unknown = "unknown"

    /// HTTP sources get an HTTP response mapped from the function's result.
    package var isHTTP: Bool {
        switch self {
        case .apiGatewayV1, .apiGatewayV2, .functionURL, .alb: return true
        default: return false
        }
    }

    /// Stream sources: records are ordered within a shard, and a partial failure is reported as the first failed
    /// record's sequence number.
    package var isStream: Bool { self == .kinesis || self == .dynamodbStream }
}
