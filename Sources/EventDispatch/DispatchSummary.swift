package import LambdaEvents

/// What one event came to, for the invocation's metrics: the source it was recognised as and how its records ended.
///
/// A record is a unit Lambda retries or reports on its own: an SQS message, an S3 object notification, an SNS
/// message, a stream record; an event without records (HTTP request, EventBridge event, direct invoke) is one record.
/// `event` mode counts the records of the one call (all failed when the call failed); `record` mode counts each
/// record's own outcome. `failed` and `skipped` are part of `records`.
package struct DispatchSummary: Sendable, Hashable {
    /// The recognised source; `nil` when the event was not JSON.
    package var source: EventKind?
    package var records: Int
    /// Records reported as failed (including those of an ordered batch not sent after a failure).
    package var failed: Int
    /// Records acknowledged without a call (`s3:TestEvent`, ALB health checks).
    package var skipped: Int

    package init(source: EventKind?, records: Int, failed: Int = 0, skipped: Int = 0) {
        self.source = source
        self.records = records
        self.failed = failed
        self.skipped = skipped
    }

    /// How many records an event carries (1 for an event without records).
    static func recordCount(_ classified: ClassifiedEvent) -> Int {
        switch classified {
        case .s3(let notification): notification.records.count
        case .sqs(let batch): batch.records.count
        case .sns(let event): event.records.count
        case .kinesis(let event): event.records.count
        case .dynamodbStream(let event): event.records.count
        default: 1
        }
    }
}

/// Receives the dispatcher's ``DispatchSummary`` of each event.
package typealias DispatchReport = @Sendable (DispatchSummary) -> Void
