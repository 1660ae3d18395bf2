package import JSON

/// A DynamoDB Streams batch from an event source mapping: `{"Records":[…]}` with `eventSource == "aws:dynamodb"`.
/// Lambda hands one shard's records per batch, in sequence order.
package struct DynamoDBStreamEvent: Sendable {
    package var records: [DynamoDBStreamRecord]
    package let raw: JSONValue

    /// Reads the batch; `nil` unless there is a `Records` array whose first record is from `aws:dynamodb`.
    package init?(_ value: JSONValue) {
        guard let records = value.records(from: "aws:dynamodb") else { return nil }
        self.records = records.map(DynamoDBStreamRecord.init)
        self.raw = value
    }
}

/// One DynamoDB Streams record: an item change (`INSERT`, `MODIFY`, `REMOVE`) with its key and, depending on the
/// stream's view type, the new and old images, all in DynamoDB JSON (see `DynamoDBJSON`).
package struct DynamoDBStreamRecord: Sendable {
    package var eventID: String?
    package var eventName: String?
    package var eventSourceARN: String?
    package var awsRegion: String?
    /// The change's position in its shard; Lambda's `itemIdentifier` for partial batch failures.
    package var sequenceNumber: String?
    package var keys: JSONValue?
    package var newImage: JSONValue?
    package var oldImage: JSONValue?
    package var approximateCreationDateTime: JSONNumber?
    package var streamViewType: String?
    package var sizeBytes: JSONNumber?
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let record = raw.objectValue ?? JSONObject()
        let change = record.object("dynamodb") ?? JSONObject()
        eventID = record.string("eventID")
        eventName = record.string("eventName")
        eventSourceARN = record.string("eventSourceARN")
        awsRegion = record.string("awsRegion")
        sequenceNumber = change.string("SequenceNumber").flatMap { $0.isEmpty ? nil : $0 }
        keys = change["Keys"].flatMap { $0.isNull ? nil : $0 }
        newImage = change["NewImage"].flatMap { $0.isNull ? nil : $0 }
        oldImage = change["OldImage"].flatMap { $0.isNull ? nil : $0 }
        approximateCreationDateTime = change.number("ApproximateCreationDateTime")
        streamViewType = change.string("StreamViewType")
        sizeBytes = change.number("SizeBytes")
    }

    /// Why this record cannot be processed (not an object, no `dynamodb` object, no `dynamodb.SequenceNumber`), or
    /// `nil`. Images that are not valid DynamoDB JSON are reported when they are unmarshalled.
    package var malformation: String? {
        guard let record = raw.objectValue else { return "the record is not a JSON object" }
        guard record.object("dynamodb") != nil else { return "the record has no dynamodb object" }
        guard sequenceNumber != nil else { return "the record has no dynamodb.SequenceNumber" }
        return nil
    }
}
