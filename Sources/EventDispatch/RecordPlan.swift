import JSON
import LambdaEvents

/// One unit that succeeds or fails as a whole in `record` mode: an SQS message, an S3 record, an SNS record, or a
/// single event. It carries one payload per call (an SQS message holding an S3 notification with three objects
/// makes three calls).
struct RecordGroup: Sendable {
    /// Position in the event's `Records` (0 for single events).
    var index: Int
    /// The SQS `messageId`, or the Kinesis / DynamoDB sequence number, reported in `batchItemFailures`.
    var identifier: String?
    var payloads: [JSONValue]
    /// Acknowledged without a call (`s3:TestEvent`).
    var skipReason: String?
    /// Failed without a call because the record is unusable.
    var malformation: String?
    /// Streams: records with the same key keep their order when lanes run concurrently (the Kinesis partition key,
    /// the DynamoDB item key).
    var orderingKey: String?
}

/// Builds the groups of `record` mode from a classified event.
struct RecordPlanner {
    /// JSON-in-a-string layers decoded to shape payloads (0 when unwrapping is off).
    var unwrapDepth: Int
    /// Layers decoded to recognise `s3:TestEvent`.
    var testEventDepth: Int

    func groups(for classified: ClassifiedEvent) -> [RecordGroup] {
        switch classified {
        case .s3(let notification):
            return notification.records.enumerated().map { index, record in
                RecordGroup(index: index, payloads: [RecordPayload.s3(record, via: [])])
            }
        case .sqs(let batch):
            return batch.records.enumerated().map { index, message in group(for: message, at: index) }
        case .sns(let event):
            return event.records.enumerated().map { index, record in group(for: record, at: index) }
        case .kinesis(let batch):
            return batch.records.enumerated().map { index, record in group(for: record, at: index) }
        case .dynamodbStream(let batch):
            return batch.records.enumerated().map { index, record in group(for: record, at: index) }
        case .s3EventBridge(let event, let detail):
            return [RecordGroup(index: 0, payloads: [RecordPayload.s3(event, detail, via: [])])]
        case .scheduledEvent(let event), .schedulerEvent(let event), .eventBridge(let event):
            // A single record: forwarded as received, as in `event` mode (only nested ones get a payload with `via`).
            return [RecordGroup(index: 0, payloads: [event.raw])]
        case .unknown(let value):
            return [RecordGroup(index: 0, payloads: [value])]
        case .s3TestEvent:
            return [RecordGroup(index: 0, payloads: [], skipReason: "s3:TestEvent")]
        case .apiGatewayV1, .apiGatewayV2, .functionURL, .alb:
            return [RecordGroup(index: 0, payloads: [HTTPRequestPayload.make(classified)].compactMap { $0 })]
        }
    }

    private func group(for message: SQSMessage, at index: Int) -> RecordGroup {
        var group = RecordGroup(index: index, identifier: message.messageId, payloads: [])
        if let malformation = message.malformation {
            group.malformation = malformation
            return group
        }
        if message.content(maxDepth: testEventDepth).isS3TestEvent {
            group.skipReason = "s3:TestEvent"
            return group
        }
        let content = message.content(maxDepth: unwrapDepth)
        let carrier = RecordPayload.sqs(message, bodyJSON: RecordPlanner.json(of: content))
        group.payloads = expand(content, carrier: carrier, via: [RecordPayload.viaSQS(message)])
        return group
    }

    private func group(for record: SNSEventRecord, at index: Int) -> RecordGroup {
        var group = RecordGroup(index: index, identifier: record.message?.messageId, payloads: [])
        guard let message = record.message else {
            group.malformation = "the record has no Sns object"
            return group
        }
        if message.content(maxDepth: testEventDepth).isS3TestEvent {
            group.skipReason = "s3:TestEvent"
            return group
        }
        let content = message.content(maxDepth: unwrapDepth)
        let carrier = RecordPayload.sns(
            message,
            messageJSON: RecordPlanner.json(of: content),
            via: [],
            record: record.raw
        )
        group.payloads = expand(content, carrier: carrier, via: [RecordPayload.viaSNS(message)])
        return group
    }

    private func group(for record: KinesisRecord, at index: Int) -> RecordGroup {
        var group = RecordGroup(index: index, identifier: record.sequenceNumber, payloads: [])
        group.orderingKey = record.partitionKey
        if let malformation = record.malformation {
            group.malformation = malformation
        } else if let data = record.data.flatMap(KinesisData.init(base64:)) {
            group.payloads = [RecordPayload.kinesis(record, data: data)]
        } else {
            group.malformation = "kinesis.data is not valid base64"
        }
        return group
    }

    private func group(for record: DynamoDBStreamRecord, at index: Int) -> RecordGroup {
        var group = RecordGroup(index: index, identifier: record.sequenceNumber, payloads: [])
        group.orderingKey = record.keys?.serializedString()
        if let malformation = record.malformation {
            group.malformation = malformation
            return group
        }
        do {
            let keys = try record.keys.map { image throws(DynamoDBJSON.Malformation) in
                try DynamoDBJSON.item(image, path: "Keys")
            }
            let newImage = try record.newImage.map { image throws(DynamoDBJSON.Malformation) in
                try DynamoDBJSON.item(image, path: "NewImage")
            }
            let oldImage = try record.oldImage.map { image throws(DynamoDBJSON.Malformation) in
                try DynamoDBJSON.item(image, path: "OldImage")
            }
            group.payloads = [
                RecordPayload.dynamoDB(
                    record,
                    keys: keys ?? .null,
                    newImage: newImage ?? .null,
                    oldImage: oldImage ?? .null
                )
            ]
        } catch {
            group.malformation = "the record is not valid DynamoDB JSON at \(error.description)"
        }
        return group
    }

    /// The payloads for what a carrier holds: S3 objects and EventBridge events become their own payloads (with
    /// the envelopes in `via`), an SNS envelope is followed inward, anything else is sent as the carrier itself.
    private func expand(_ content: NestedContent, carrier: JSONValue, via: [JSONValue]) -> [JSONValue] {
        switch content {
        case .s3(let notification):
            return notification.records.map { RecordPayload.s3($0, via: via) }
        case .sns(let envelope, let inner):
            let snsCarrier = RecordPayload.sns(
                envelope,
                messageJSON: RecordPlanner.json(of: inner),
                via: via,
                record: envelope.raw
            )
            return expand(inner, carrier: snsCarrier, via: via + [RecordPayload.viaSNS(envelope)])
        case .eventBridge(let event):
            if let detail = event.s3Detail { return [RecordPayload.s3(event, detail, via: via)] }
            return [RecordPayload.eventBridge(event, via: via)]
        case .s3TestEvent, .json, .text:
            return [carrier]
        }
    }

    /// The decoded JSON of a carrier's content, or `nil` when it was not decoded as JSON.
    static func json(of content: NestedContent) -> JSONValue? {
        switch content {
        case .s3(let notification): return notification.raw
        case .s3TestEvent(let testEvent): return testEvent.raw
        case .sns(let envelope, _): return envelope.raw
        case .eventBridge(let event): return event.raw
        case .json(let value): return value
        case .text: return nil
        }
    }
}
