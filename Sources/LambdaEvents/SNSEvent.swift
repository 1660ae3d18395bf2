package import JSON

/// An SNS delivery to Lambda: `{"Records":[{"EventSource":"aws:sns","Sns":{…}}]}` (PascalCase, unlike SQS).
/// In practice one record per invocation.
package struct SNSEvent: Sendable {
    package var records: [SNSEventRecord]
    package let raw: JSONValue

    /// Reads the event; `nil` unless there is a `Records` array whose first record has `EventSource == "aws:sns"`.
    package init?(_ value: JSONValue) {
        guard let records = value.objectValue?.array("Records"),
            records.first?.objectValue?.string("EventSource") == "aws:sns"
        else { return nil }
        self.records = records.map(SNSEventRecord.init)
        self.raw = value
    }
}

/// One SNS record: the subscription metadata and the message.
package struct SNSEventRecord: Sendable {
    package var eventSource: String?
    package var eventVersion: String?
    package var eventSubscriptionArn: String?
    /// The `Sns` member; `nil` when missing or not an object.
    package var message: SNSMessage?
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let record = raw.objectValue ?? JSONObject()
        eventSource = record.string("EventSource")
        eventVersion = record.text("EventVersion")
        eventSubscriptionArn = record.string("EventSubscriptionArn")
        message = record["Sns"].flatMap { $0.objectValue == nil ? nil : SNSMessage($0) }
    }
}

/// An SNS notification: the `Sns` member of a Lambda record, or the JSON envelope SNS puts in an SQS body (without
/// raw message delivery). Both `SigningCertUrl`/`UnsubscribeUrl` (Lambda) and `SigningCertURL`/`UnsubscribeURL`
/// (envelope) spellings are read; none of these fields is required.
package struct SNSMessage: Sendable {
    package var type: String?
    package var messageId: String?
    package var topicArn: String?
    /// May be absent or null.
    package var subject: String?
    /// The message text; often JSON in a string.
    package var message: String?
    package var timestamp: String?
    package var signatureVersion: String?
    package var signature: String?
    package var signingCertURL: String?
    package var unsubscribeURL: String?
    /// `{name: {"Type": "String|Number|Binary|String.Array", "Value": "…"}}` as sent.
    package var messageAttributes: JSONValue?
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let object = raw.objectValue ?? JSONObject()
        type = object.string("Type")
        messageId = object.string("MessageId")
        topicArn = object.string("TopicArn")
        subject = object.string("Subject")
        message = object.string("Message")
        timestamp = object.string("Timestamp")
        signatureVersion = object.text("SignatureVersion")
        signature = object.string("Signature")
        signingCertURL = object.string("SigningCertUrl") ?? object.string("SigningCertURL")
        unsubscribeURL = object.string("UnsubscribeUrl") ?? object.string("UnsubscribeURL")
        messageAttributes = object.object("MessageAttributes").map(JSONValue.object)
    }

    /// Reads an SNS envelope found inside another message (an SQS body); `nil` unless it has a string `Type`, a
    /// string `TopicArn` and a string `Message`.
    package init?(envelope value: JSONValue) {
        guard let object = value.objectValue, object.string("Type") != nil, object.string("TopicArn") != nil,
            object.string("Message") != nil
        else { return nil }
        self.init(value)
    }

    /// The message decoded through known envelopes, at most `maxDepth` JSON-in-a-string decodes deep.
    package func content(maxDepth: Int) -> NestedContent {
        NestedContent.decode(message ?? "", maxDepth: maxDepth)
    }
}
