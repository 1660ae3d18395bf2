import JSON
import LambdaEvents

/// The normalized payloads `record` mode sends, one per record. Every payload has `type`; absent fields are
/// `null`, never missing; the record as received is kept under `record` (or `event`). `via` lists the envelopes the
/// record came through, outermost first (`[]` when it arrived directly). docs/events.md documents these shapes.
enum RecordPayload {
    /// An S3 object from a notification record.
    static func s3(_ record: S3EventRecord, via: [JSONValue]) -> JSONValue {
        .members([
            ("type", "s3"),
            ("eventSource", .optional(record.eventSource ?? "aws:s3")),
            ("eventName", .optional(record.eventName)),
            ("eventTime", .optional(record.eventTime)),
            ("region", .optional(record.awsRegion)),
            ("bucket", .optional(record.bucketName)),
            ("key", .optional(record.key?.decoded)),
            ("rawKey", .optional(record.key?.raw)),
            ("size", .optional(record.size)),
            ("eTag", .optional(record.eTag)),
            ("versionId", .optional(record.versionId)),
            ("sequencer", .optional(record.sequencer)),
            ("via", .array(via)),
            ("record", record.raw),
        ])
    }

    /// An S3 object from an EventBridge event (`source == "aws.s3"`): `eventName` is the `detail-type`.
    static func s3(_ event: EventBridgeEvent, _ detail: S3EventBridgeDetail, via: [JSONValue]) -> JSONValue {
        .members([
            ("type", "s3"),
            ("eventSource", "aws.s3"),
            ("eventName", .string(event.detailType)),
            ("eventTime", .optional(event.time)),
            ("region", .optional(event.region)),
            ("bucket", .optional(detail.bucketName)),
            ("key", .optional(detail.key?.decoded)),
            ("rawKey", .optional(detail.key?.raw)),
            ("size", .optional(detail.size)),
            ("eTag", .optional(detail.eTag)),
            ("versionId", .optional(detail.versionId)),
            ("sequencer", .optional(detail.sequencer)),
            ("via", .array(via)),
            ("record", event.raw),
        ])
    }

    /// An SQS message; `bodyJSON` is the decoded body when it is JSON (and unwrapping is on), else `null`.
    static func sqs(_ message: SQSMessage, bodyJSON: JSONValue?) -> JSONValue {
        .members([
            ("type", "sqs"),
            ("messageId", .optional(message.messageId)),
            ("body", .optional(message.body)),
            ("bodyJSON", bodyJSON ?? .null),
            ("attributes", .textMap(message.attributes)),
            ("messageAttributes", message.messageAttributes ?? .object(JSONObject())),
            ("eventSourceARN", .optional(message.eventSourceARN)),
            ("region", .optional(message.awsRegion)),
            ("queueType", message.isFromFIFOQueue ? "fifo" : "standard"),
            ("messageGroupId", .optional(message.messageGroupId)),
            ("record", message.raw),
        ])
    }

    /// An SNS message (from a Lambda record, or an envelope in an SQS body); `messageJSON` as `bodyJSON` above.
    static func sns(_ message: SNSMessage, messageJSON: JSONValue?, via: [JSONValue], record: JSONValue) -> JSONValue {
        .members([
            ("type", "sns"),
            ("messageId", .optional(message.messageId)),
            ("topicArn", .optional(message.topicArn)),
            ("subject", .optional(message.subject)),
            ("message", .optional(message.message)),
            ("messageJSON", messageJSON ?? .null),
            ("timestamp", .optional(message.timestamp)),
            ("messageAttributes", message.messageAttributes ?? .object(JSONObject())),
            ("via", .array(via)),
            ("record", record),
        ])
    }

    /// A Kinesis record: `data` as received (base64), and decoded as `dataJSON` (JSON data) and `dataText` (UTF-8
    /// data); `dataFormat` says which of `json`, `text`, `binary` it is.
    static func kinesis(_ record: KinesisRecord, data: KinesisData) -> JSONValue {
        .members([
            ("type", "kinesis"),
            ("eventID", .optional(record.eventID)),
            ("sequenceNumber", .optional(record.sequenceNumber)),
            ("partitionKey", .optional(record.partitionKey)),
            ("eventSourceARN", .optional(record.eventSourceARN)),
            ("region", .optional(record.awsRegion)),
            ("approximateArrivalTimestamp", .optional(record.approximateArrivalTimestamp)),
            ("dataFormat", .string(data.format.rawValue)),
            ("data", .optional(record.data)),
            ("dataJSON", data.json ?? .null),
            ("dataText", .optional(data.text)),
            ("record", record.raw),
        ])
    }

    /// A DynamoDB Streams record with `keys`, `newImage`, `oldImage` unmarshalled to plain JSON (`null` when absent:
    /// `REMOVE` has no new image, `INSERT` no old one, `KEYS_ONLY` streams neither).
    static func dynamoDB(
        _ record: DynamoDBStreamRecord,
        keys: JSONValue,
        newImage: JSONValue,
        oldImage: JSONValue
    )
        -> JSONValue
    {
        .members([
            ("type", "dynamodb"),
            ("eventID", .optional(record.eventID)),
            ("eventName", .optional(record.eventName)),
            ("sequenceNumber", .optional(record.sequenceNumber)),
            ("eventSourceARN", .optional(record.eventSourceARN)),
            ("region", .optional(record.awsRegion)),
            ("approximateCreationDateTime", .optional(record.approximateCreationDateTime)),
            ("streamViewType", .optional(record.streamViewType)),
            ("keys", keys),
            ("newImage", newImage),
            ("oldImage", oldImage),
            ("record", record.raw),
        ])
    }

    /// An EventBridge event nested in an SQS body or SNS message; `detail` decoded when it was a string. A top-level
    /// EventBridge event is forwarded as received instead.
    static func eventBridge(_ event: EventBridgeEvent, via: [JSONValue]) -> JSONValue {
        .members([
            ("type", "eventbridge"),
            ("id", .optional(event.id)),
            ("source", .string(event.source)),
            ("detailType", .string(event.detailType)),
            ("account", .optional(event.account)),
            ("time", .optional(event.time)),
            ("region", .optional(event.region)),
            ("resources", .array(event.resources.map(JSONValue.string))),
            ("detail", event.detail),
            ("via", .array(via)),
            ("event", event.raw),
        ])
    }

    /// `via` entry for an SQS message.
    static func viaSQS(_ message: SQSMessage) -> JSONValue {
        .members([
            ("type", "sqs"), ("messageId", .optional(message.messageId)),
            ("eventSourceARN", .optional(message.eventSourceARN)),
        ])
    }

    /// `via` entry for an SNS message.
    static func viaSNS(_ message: SNSMessage) -> JSONValue {
        .members([
            ("type", "sns"), ("messageId", .optional(message.messageId)), ("topicArn", .optional(message.topicArn)),
        ])
    }

    /// `via` entry for an EventBridge envelope.
    static func viaEventBridge(_ event: EventBridgeEvent) -> JSONValue {
        .members([("type", "eventbridge"), ("id", .optional(event.id)), ("source", .string(event.source))])
    }
}
