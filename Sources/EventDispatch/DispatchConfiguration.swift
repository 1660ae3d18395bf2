/// How the Modal function is called: `spawn` returns a function call id at once, `remote` waits for the result.
package enum IntegrationPattern: String, Sendable, CaseIterable {
    case spawn
    case remote
}

/// How an event becomes Modal calls.
package enum DispatchMode: String, Sendable, CaseIterable {
    /// The whole event is one call `f(event, params)` (default; drop-in for modal-bridge-constructs).
    case event
    /// One call per record (SQS message, S3 object, SNS message, Kinesis / DynamoDB Streams record) with a
    /// normalized payload; run concurrently, except SQS FIFO and streams (in order).
    case record
}

/// How `record` mode runs a Kinesis / DynamoDB Streams batch (one shard's records, in sequence order).
package enum StreamOrdering: String, Sendable, CaseIterable {
    /// One record at a time in batch order (default): nothing after the first failure is sent.
    case shard
    /// Records with the same partition key (Kinesis) or item key (DynamoDB) in order, different keys concurrently
    /// (up to `concurrency` keys at once). Cost: records after the first failure that already succeeded under other
    /// keys are delivered again when Lambda retries from the failed record.
    case partitionKey = "partition-key"
}

/// How `record` mode sends the calls of an unordered batch (SQS standard queues, S3, SNS) of two or more records.
package enum BatchMode: String, Sendable, CaseIterable {
    /// One batch call for all records (the bridge: one Modal map call, outputs matched by index), when the invoker
    /// can (remote on the control plane); otherwise as `unary`.
    case map
    /// One call per record, `concurrency` at a time.
    case unary
}

/// What the dispatcher needs to know; built by the bridge from its configuration.
package struct DispatchConfiguration: Sendable {
    package var mode: DispatchMode
    /// The pattern the invoker uses (the invoker's outcome decides the response; this is for logs).
    package var pattern: IntegrationPattern
    /// In `record` mode, at most this many calls run at once (values below 1 count as 1). FIFO queues run one by one.
    package var concurrency: Int
    /// In `record` mode, S3 notifications nested in SQS bodies / SNS messages (and S3 → SNS → SQS) become one S3
    /// payload per object, and EventBridge/SNS envelopes in SQS bodies become their own payloads.
    package var unwrapNested: Bool
    /// How many JSON-in-a-string layers are decoded below the event (S3 → SQS is 1, S3 → SNS → SQS is 2). The
    /// S3 test event is looked for through these layers (at least one) even when `unwrapNested` is off.
    package var maxUnwrapDepth: Int
    /// How stream batches run in `record` mode (sequential by default).
    package var streamOrdering: StreamOrdering
    /// How `record` mode sends unordered batches (one map call by default).
    package var batch: BatchMode

    package init(
        mode: DispatchMode = .event,
        pattern: IntegrationPattern = .remote,
        concurrency: Int = 10,
        unwrapNested: Bool = true,
        maxUnwrapDepth: Int = 3,
        streamOrdering: StreamOrdering = .shard,
        batch: BatchMode = .map
    ) {
        self.mode = mode
        self.pattern = pattern
        self.concurrency = concurrency
        self.unwrapNested = unwrapNested
        self.maxUnwrapDepth = maxUnwrapDepth
        self.streamOrdering = streamOrdering
        self.batch = batch
    }

    /// Depth used when payloads are shaped: 0 when unwrapping is off.
    var payloadUnwrapDepth: Int { unwrapNested ? max(0, maxUnwrapDepth) : 0 }

    /// Depth used to recognise `s3:TestEvent` inside carriers: always at least one decode.
    var testEventDepth: Int { max(1, maxUnwrapDepth) }

    var effectiveConcurrency: Int { max(1, concurrency) }
}
