package import JSON

/// An SQS batch from an event source mapping: `{"Records":[…]}` with `eventSource == "aws:sqs"`.
package struct SQSEvent: Sendable {
    package var records: [SQSMessage]
    package let raw: JSONValue

    /// Reads the batch; `nil` unless there is a `Records` array whose first record is from `aws:sqs`.
    package init?(_ value: JSONValue) {
        guard let records = value.records(from: "aws:sqs") else { return nil }
        self.records = records.map(SQSMessage.init)
        self.raw = value
    }

    /// A FIFO queue (its ARN ends in `.fifo`): records must be processed in order, and after the first failure
    /// that record and every later one are reported failed.
    package var isFIFO: Bool { records.contains { $0.isFromFIFOQueue } }
}

/// One SQS message. `attributes` values are all strings (`ApproximateReceiveCount`, `SentTimestamp`, and for FIFO
/// queues `MessageGroupId`, `SequenceNumber`, `MessageDeduplicationId`); `messageAttributes` keeps SQS's
/// camelCase `{stringValue, binaryValue, stringListValues, binaryListValues, dataType}` maps as sent.
package struct SQSMessage: Sendable {
    package var messageId: String?
    package var receiptHandle: String?
    package var body: String?
    package var md5OfBody: String?
    package var eventSource: String?
    package var eventSourceARN: String?
    package var awsRegion: String?
    package var attributes: [(name: String, value: String)]
    package var messageAttributes: JSONValue?
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let record = raw.objectValue ?? JSONObject()
        messageId = record.string("messageId").flatMap { $0.isEmpty ? nil : $0 }
        receiptHandle = record.string("receiptHandle")
        body = record.string("body")
        md5OfBody = record.string("md5OfBody")
        eventSource = record.string("eventSource")
        eventSourceARN = record.string("eventSourceARN")
        awsRegion = record.string("awsRegion")
        attributes = record.textPairs("attributes")
        messageAttributes = record.object("messageAttributes").map(JSONValue.object)
    }

    /// The attribute `name` (for example `MessageGroupId`).
    package func attribute(_ name: String) -> String? { attributes.last { $0.name == name }?.value }

    package var messageGroupId: String? { attribute("MessageGroupId") }
    package var isFromFIFOQueue: Bool { eventSourceARN?.hasSuffix(".fifo") ?? false }

    /// Why this record cannot be processed (not an object, no `messageId`, no string `body`), or `nil`.
    package var malformation: String? {
        guard raw.objectValue != nil else { return "the record is not a JSON object" }
        guard messageId != nil else { return "the record has no messageId" }
        guard body != nil else { return "the record has no string body" }
        return nil
    }

    /// The body decoded through known envelopes, at most `maxDepth` JSON-in-a-string decodes deep.
    package func content(maxDepth: Int) -> NestedContent {
        guard let body else { return .text("") }
        return NestedContent.decode(body, maxDepth: maxDepth)
    }
}
