/// An SQS event source: a new queue (with a dead-letter queue) unless `queueARN` names an existing one.
package struct SQSInput: Sendable {
    package var name: String
    package var queueARN: Field<String>?
    package var batchSize: Field<Int>?
    package var maximumBatchingWindow: Field<Int>?
    package var maxReceiveCount: Field<Int>?

    package init(name: String) { self.name = name }
}

/// An S3 event source: a new bucket whose notifications invoke the function.
package struct S3EventInput: Sendable {
    package var name: String
    package var bucketName: Field<String>?
    package var events: FieldList
    package var prefix: Field<String>?
    package var suffix: Field<String>?
    /// What the Modal role may do in the bucket: `read` (default), `read-write` or `none`.
    package var modalAccess: Field<String>?

    package init(name: String, events: FieldList) {
        self.name = name
        self.events = events
    }
}

/// An SNS event source: a new topic unless `topicARN` names an existing one.
package struct SNSInput: Sendable {
    package var name: String
    package var topicARN: Field<String>?

    package init(name: String) { self.name = name }
}
