/// An SQS event source: a new queue (with a dead-letter queue) unless `queueARN` names an existing one.
package struct SQSInput: Sendable {
    package var name: String
    package var queueARN: Field<String>?
    package var batchSize: Field<Int>?
    package var maximumBatchingWindow: Field<Int>?
    package var maxReceiveCount: Field<Int>?
    /// `ScalingConfig.MaximumConcurrency` of the mapping (2–1000).
    package var maximumConcurrency: Field<Int>?
    /// Create a FIFO queue (and a FIFO dead-letter queue).
    package var fifo: Field<Bool>?
    /// Content-based deduplication on the created FIFO queue.
    package var contentBasedDeduplication: Field<Bool>?

    package init(name: String) { self.name = name }
}

/// An S3 event source: a new bucket whose notifications invoke the function.
package struct S3EventInput: Sendable {
    package var name: String
    package var bucketName: Field<String>?
    /// A bucket the stack does not own: its events arrive through EventBridge.
    package var existingBucket: Field<String>?
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

/// A Lambda function URL: `AWS_IAM` auth unless `auth` is `none`.
package struct FunctionURLInput: Sendable {
    package var name: String
    package var auth: Field<String>?

    package init(name: String) { self.name = name }
}

/// Asynchronous invocation settings (S3, SNS, EventBridge sources): retries, event age, on-failure destination.
package struct AsyncInput: Sendable {
    package var name: String
    package var maximumRetryAttempts: Field<Int>?
    package var maximumEventAge: Field<Int>?
    /// An existing SQS queue, SNS topic, Lambda function or EventBridge bus (default: a queue the stack creates).
    package var onFailureARN: Field<String>?

    package init(name: String) { self.name = name }
}

/// Options of the stack's HTTP API.
package struct HTTPAPIInput: Sendable {
    package var auth: Field<String>?
    package var jwtIssuer: Field<String>?
    /// The name to report when the issuer is missing.
    package var jwtIssuerName = "--http-jwt-issuer"
    package var jwtAudiences = FieldList.flag("--http-jwt-audience", [])
    package var throttlingBurstLimit: Field<Int>?
    package var throttlingRateLimit: Field<Int>?
    package var accessLogs: Field<Bool>?

    package init() {}

    /// Whether any option is given.
    package var isUsed: Bool {
        auth != nil || jwtIssuer != nil || !jwtAudiences.isEmpty || throttlingBurstLimit != nil
            || throttlingRateLimit != nil || accessLogs != nil
    }
}

/// A Kinesis or DynamoDB stream event source: an event source mapping on an existing stream, with an on-failure
/// destination (a queue the stack creates unless `onFailureARN` names an existing SQS queue or SNS topic).
package struct StreamInput: Sendable {
    package var name: String
    package var kind: StreamSource.Kind
    package var streamARN: Field<String>?
    package var startingPosition: Field<String>?
    package var batchSize: Field<Int>?
    package var parallelizationFactor: Field<Int>?
    package var bisectBatchOnFunctionError: Field<Bool>?
    package var maximumRetryAttempts: Field<Int>?
    package var maximumRecordAge: Field<Int>?
    package var onFailureARN: Field<String>?

    package init(name: String, kind: StreamSource.Kind) {
        self.name = name
        self.kind = kind
    }
}
