package import JSON

/// An S3 event notification, `{"Records":[…]}` whose records have `eventSource == "aws:s3"`, delivered directly,
/// as an SQS body or as an SNS `Message`. One notification can carry several records.
package struct S3Notification: Sendable {
    package var records: [S3EventRecord]
    /// The whole notification as received.
    package let raw: JSONValue

    /// Reads the notification; `nil` unless there is a `Records` array whose first record is from `aws:s3`.
    package init?(_ value: JSONValue) {
        guard let records = value.records(from: "aws:s3") else { return nil }
        self.records = records.map(S3EventRecord.init)
        self.raw = value
    }
}

/// One record of an S3 notification. Every field is optional: deletes carry no `size`/`eTag`, only versioned
/// buckets have `versionId`, and a record that is not even an object reads as all-`nil`.
package struct S3EventRecord: Sendable {
    package var eventVersion: String?
    package var eventSource: String?
    package var awsRegion: String?
    /// ISO-8601 with milliseconds, as sent.
    package var eventTime: String?
    /// Without the `s3:` prefix, e.g. `ObjectCreated:Put`, `ObjectRemoved:Delete`.
    package var eventName: String?
    package var bucketName: String?
    package var bucketARN: String?
    package var key: S3ObjectKey?
    /// Object size in bytes, exact as written (absent on deletes).
    package var size: JSONNumber?
    package var eTag: String?
    package var versionId: String?
    /// Hex ordering token, comparable only between events for the same key.
    package var sequencer: String?
    /// The record as received.
    package let raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        let record = raw.objectValue ?? JSONObject()
        eventVersion = record.text("eventVersion")
        eventSource = record.string("eventSource")
        awsRegion = record.string("awsRegion")
        eventTime = record.string("eventTime")
        eventName = record.string("eventName")
        let s3 = record.object("s3") ?? JSONObject()
        let bucket = s3.object("bucket") ?? JSONObject()
        bucketName = bucket.string("name")
        bucketARN = bucket.string("arn")
        let object = s3.object("object") ?? JSONObject()
        key = object.string("key").map(S3ObjectKey.init(raw:))
        size = object.number("size")
        eTag = object.string("eTag")
        versionId = object.string("versionId")
        sequencer = object.string("sequencer")
    }

    /// The size as an integer when it is one and fits.
    package var sizeInBytes: Int64? { size?.int64Value }
}

/// The message S3 sends to a new SQS/SNS destination when a notification configuration is created or changed:
/// `{"Service":"Amazon S3","Event":"s3:TestEvent",…}`. It has no `Records`; it must be acknowledged, not processed
/// and not reported as a failure (or it loops into the dead-letter queue).
package struct S3TestEvent: Sendable {
    package var time: String?
    package var bucket: String?
    package var requestId: String?
    package var hostId: String?
    package let raw: JSONValue

    /// Reads the test event; `nil` unless `Service == "Amazon S3"` and `Event == "s3:TestEvent"`.
    package init?(_ value: JSONValue) {
        guard let object = value.objectValue, object.string("Service") == "Amazon S3",
            object.string("Event") == "s3:TestEvent"
        else { return nil }
        raw = value
        time = object.string("Time")
        bucket = object.string("Bucket")
        requestId = object.string("RequestId")
        hostId = object.string("HostId")
    }
}
