package import JSON

/// A Kinesis Data Streams batch from an event source mapping: `{"Records":[…]}` with `eventSource == "aws:kinesis"`.
/// Lambda hands one shard's records per batch, in sequence order.
package struct KinesisEvent: Sendable {
    package var records: [KinesisRecord]
    package let raw: JSONValue

    /// Reads the batch; `nil` unless there is a `Records` array whose first record is from `aws:kinesis`.
    package init?(_ value: JSONValue) {
        guard let records = value.records(from: "aws:kinesis") else { return nil }
        self.records = records.map(KinesisRecord.init)
        self.raw = value
    }
}

/// One Kinesis record. `data` is the producer's bytes in base64, as Lambda delivers them.
package struct KinesisRecord: Sendable {
    package var eventID: String?
    package var eventSourceARN: String?
    package var awsRegion: String?
    package var partitionKey: String?
    /// The record's position in its shard; Lambda's `itemIdentifier` for partial batch failures.
    package var sequenceNumber: String?
    package var data: String?
    package var approximateArrivalTimestamp: JSONNumber?
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let record = raw.objectValue ?? JSONObject()
        let kinesis = record.object("kinesis") ?? JSONObject()
        eventID = record.string("eventID")
        eventSourceARN = record.string("eventSourceARN")
        awsRegion = record.string("awsRegion")
        partitionKey = kinesis.string("partitionKey")
        sequenceNumber = kinesis.string("sequenceNumber").flatMap { $0.isEmpty ? nil : $0 }
        data = kinesis.string("data")
        approximateArrivalTimestamp = kinesis.number("approximateArrivalTimestamp")
    }

    /// Why this record cannot be processed (not an object, no `kinesis.sequenceNumber`, no string `data`), or `nil`.
    package var malformation: String? {
        guard raw.objectValue != nil else { return "the record is not a JSON object" }
        guard sequenceNumber != nil else { return "the record has no kinesis.sequenceNumber" }
        guard data != nil else { return "the record has no string kinesis.data" }
        return nil
    }
}
