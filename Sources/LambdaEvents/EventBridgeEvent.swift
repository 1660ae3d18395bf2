package import JSON

/// An EventBridge (CloudWatch Events) envelope: `source`, `detail-type` and `detail`, plus `id`, `account`, `time`,
/// `region`, `resources`. Covers scheduled rules (`aws.events` / `Scheduled Event`), the EventBridge Scheduler's
/// default envelope (`aws.scheduler`, whose `detail` arrives as a JSON *string*), S3 via EventBridge (`aws.s3`) and
/// any other event (extra keys such as `replay-name` are kept in `raw`).
package struct EventBridgeEvent: Sendable {
    package var version: String?
    package var id: String?
    package var detailType: String
    package var source: String
    package var account: String?
    package var time: String?
    package var region: String?
    package var resources: [String]
    /// `detail`, decoded when it arrived as a string holding JSON (Scheduler); otherwise as sent.
    package var detail: JSONValue
    /// True when `detail` arrived as a string and was decoded.
    package var detailWasString: Bool
    /// The event as received (with `detail` untouched).
    package let raw: JSONValue

    /// Reads the envelope; `nil` unless `source` and `detail-type` are strings and a `detail` member exists.
    package init?(_ value: JSONValue) {
        guard let object = value.objectValue, let source = object.string("source"),
            let detailType = object.string("detail-type"), let detail = object["detail"]
        else { return nil }
        self.raw = value
        self.source = source
        self.detailType = detailType
        version = object.text("version")
        id = object.string("id")
        account = object.text("account")
        time = object.string("time")
        region = object.string("region")
        resources = object.textList("resources")
        if case .string(let text) = detail, let decoded = try? JSONValue(parsing: text) {
            self.detail = decoded
            detailWasString = true
        } else {
            self.detail = detail
            detailWasString = false
        }
    }

    /// A scheduled rule: `source == "aws.events"` and `detail-type == "Scheduled Event"`.
    package var isScheduledRule: Bool { source == "aws.events" && detailType == "Scheduled Event" }

    /// The EventBridge Scheduler's default envelope (`source == "aws.scheduler"`).
    package var isSchedulerEnvelope: Bool { source == "aws.scheduler" }

    /// The S3 object details when this is an S3 event (`source == "aws.s3"`).
    package var s3Detail: S3EventBridgeDetail? {
        source == "aws.s3" ? S3EventBridgeDetail(detail) : nil
    }
}

/// `detail` of an S3 event delivered through EventBridge (`Object Created`, `Object Deleted`, …). Keys use
/// kebab-case and the ETag is `etag` (lower case); the key is treated as form-encoded like notification keys.
package struct S3EventBridgeDetail: Sendable {
    package var bucketName: String?
    package var key: S3ObjectKey?
    package var size: JSONNumber?
    package var eTag: String?
    package var versionId: String?
    package var sequencer: String?
    package var requestId: String?
    package var requester: String?
    package var sourceIPAddress: String?
    /// `PutObject`, `CopyObject`, `CompleteMultipartUpload`, `DeleteObject`, `Lifecycle Expiration`, …
    package var reason: String?
    package var deletionType: String?

    package init(_ detail: JSONValue) {
        let object = detail.objectValue ?? JSONObject()
        bucketName = object.object("bucket")?.string("name")
        let item = object.object("object") ?? JSONObject()
        key = item.string("key").map(S3ObjectKey.init(raw:))
        size = item.number("size")
        eTag = item.string("etag")
        versionId = item.string("version-id")
        sequencer = item.string("sequencer")
        requestId = object.string("request-id")
        requester = object.string("requester")
        sourceIPAddress = object.string("source-ip-address")
        reason = object.string("reason")
        deletionType = object.string("deletion-type")
    }
}
