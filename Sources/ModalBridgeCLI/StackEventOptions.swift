import ArgumentParser
import CFNTemplates

/// The event-source flags of `cfn stack`.
struct StackEventOptions: ParsableArguments {
    @Flag(help: "Add an SQS queue (with a dead-letter queue) as event source, ReportBatchItemFailures on.")
    var sqs = false

    @Option(help: ArgumentHelp("Use this existing queue instead of creating one.", valueName: "arn"))
    var sqsQueueArn: String?

    @Option(help: ArgumentHelp("Messages per batch (default 10).", valueName: "n"))
    var sqsBatchSize: Int?

    @Option(help: ArgumentHelp("Seconds to gather a batch, 0-300 (default 0).", valueName: "seconds"))
    var sqsMaximumBatchingWindow: Int?

    @Option(help: ArgumentHelp("Receives before a message goes to the dead-letter queue (default 5).", valueName: "n"))
    var sqsMaxReceiveCount: Int?

    @Option(help: ArgumentHelp("ScalingConfig.MaximumConcurrency of the SQS mapping, 2-1000.", valueName: "n"))
    var sqsMaximumConcurrency: Int?

    @Flag(help: "Create a FIFO queue (and a FIFO dead-letter queue).")
    var sqsFifo = false

    @Flag(help: "Content-based deduplication on the created FIFO queue.")
    var sqsContentBasedDeduplication = false

    @Flag(help: "Add a new S3 bucket whose notifications invoke the function.")
    var s3 = false

    @Option(help: ArgumentHelp("Name of the new bucket (default: from the id, account and stack).", valueName: "name"))
    var s3BucketName: String?

    @Option(
        help: ArgumentHelp(
            "Use this existing bucket through EventBridge (turn its EventBridge notifications on, see docs/cloudformation.md).",
            valueName: "name"
        )
    )
    var s3ExistingBucket: String?

    @Option(help: ArgumentHelp("S3 event type (repeatable; default s3:ObjectCreated:*).", valueName: "type"))
    var s3Event: [String] = []

    @Option(help: ArgumentHelp("Only keys starting with this.", valueName: "prefix"))
    var s3Prefix: String?

    @Option(help: ArgumentHelp("Only keys ending with this.", valueName: "suffix"))
    var s3Suffix: String?

    @Option(
        help: ArgumentHelp(
            "The Modal role's access to the bucket: read (default), read-write, none.",
            valueName: "access"
        )
    )
    var s3ModalAccess: String?

    @Flag(help: "Add an SNS topic subscription as event source.")
    var sns = false

    @Option(help: ArgumentHelp("Subscribe to this existing topic instead of creating one.", valueName: "arn"))
    var snsTopicArn: String?

    @Option(help: ArgumentHelp("Read this existing Kinesis stream (an event source mapping).", valueName: "arn"))
    var kinesisStreamArn: String?

    @Option(help: ArgumentHelp("LATEST (default) or TRIM_HORIZON.", valueName: "position"))
    var kinesisStartingPosition: String?

    @Option(help: ArgumentHelp("Records per batch, 1-10000 (default 100).", valueName: "n"))
    var kinesisBatchSize: Int?

    @Option(help: ArgumentHelp("Concurrent batches per shard, 1-10 (default 1).", valueName: "n"))
    var kinesisParallelizationFactor: Int?

    @Flag(inversion: .prefixedNo, help: "Split a failing batch in two on a function error (default on).")
    var kinesisBisectBatchOnFunctionError: Bool?

    // `.unconditional`: `-1` is a value, not a flag.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Retries of a failed batch, -1 (until it expires) or 0-10000 (default 10).", valueName: "n")
    )
    var kinesisMaximumRetryAttempts: Int?

    // `.unconditional`: `-1` is a value, not a flag.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Oldest record to send, -1 or 60-604800 s (default 86400).", valueName: "s")
    )
    var kinesisMaximumRecordAge: Int?

    @Option(
        help: ArgumentHelp(
            "On-failure destination of the Kinesis mapping: an existing SQS queue or SNS topic (default: a queue "
                + "the stack creates).",
            valueName: "arn"
        )
    )
    var kinesisOnFailureArn: String?

    @Option(help: ArgumentHelp("Read this existing DynamoDB stream (an event source mapping).", valueName: "arn"))
    var dynamodbStreamArn: String?

    @Option(help: ArgumentHelp("LATEST (default) or TRIM_HORIZON.", valueName: "position"))
    var dynamodbStartingPosition: String?

    @Option(help: ArgumentHelp("Records per batch, 1-10000 (default 100).", valueName: "n"))
    var dynamodbBatchSize: Int?

    @Option(help: ArgumentHelp("Concurrent batches per shard, 1-10 (default 1).", valueName: "n"))
    var dynamodbParallelizationFactor: Int?

    @Flag(inversion: .prefixedNo, help: "Split a failing batch in two on a function error (default on).")
    var dynamodbBisectBatchOnFunctionError: Bool?

    // `.unconditional`: `-1` is a value, not a flag.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Retries of a failed batch, -1 (until it expires) or 0-10000 (default 10).", valueName: "n")
    )
    var dynamodbMaximumRetryAttempts: Int?

    // `.unconditional`: `-1` is a value, not a flag.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Oldest record to send, -1 or 60-604800 s (default 86400).", valueName: "s")
    )
    var dynamodbMaximumRecordAge: Int?

    @Option(
        help: ArgumentHelp(
            "On-failure destination of the DynamoDB mapping: an existing SQS queue or SNS topic (default: a queue "
                + "the stack creates).",
            valueName: "arn"
        )
    )
    var dynamodbOnFailureArn: String?

    @Option(help: ArgumentHelp("HTTP API route, e.g. 'POST /thumbnails' (repeatable).", valueName: "route"))
    var httpRoute: [String] = []

    @Option(
        help: ArgumentHelp(
            "EventBridge schedule, e.g. 'rate(5 minutes)' or 'cron(0 12 * * ? *)'.",
            valueName: "expression"
        )
    )
    var schedule: String?

    @Flag(help: "Add a Lambda function URL (auth AWS_IAM unless --function-url-auth none).")
    var functionUrl = false

    @Option(help: ArgumentHelp("iam (default) or none (public).", valueName: "auth"))
    var functionUrlAuth: String?

    @Option(help: ArgumentHelp("Retries of a failed asynchronous event, 0-2 (default 2).", valueName: "n"))
    var asyncMaximumRetryAttempts: Int?

    @Option(help: ArgumentHelp("Seconds an asynchronous event may wait, 60-21600 (default 21600).", valueName: "s"))
    var asyncMaximumEventAge: Int?

    @Option(
        help: ArgumentHelp(
            "On-failure destination of asynchronous events: an existing SQS queue, SNS topic, Lambda function or "
                + "EventBridge bus (default: a queue the stack creates).",
            valueName: "arn"
        )
    )
    var asyncOnFailureArn: String?

    @Option(help: ArgumentHelp("Reserved concurrency of the Lambda (a cost and blast-radius cap).", valueName: "n"))
    var reservedConcurrency: Int?

    var isUsed: Bool {
        sqs || s3 || sns || sqsFifo || sqsContentBasedDeduplication || functionUrl || !s3Event.isEmpty
            || !httpRoute.isEmpty
            || [
                sqsQueueArn, s3BucketName, s3ExistingBucket, s3Prefix, s3Suffix, s3ModalAccess, snsTopicArn, schedule,
                functionUrlAuth, asyncOnFailureArn,
            ].contains { $0 != nil }
            || streamFlags(.kinesis) != nil || streamFlags(.dynamodb) != nil
            || [
                sqsBatchSize, sqsMaximumBatchingWindow, sqsMaxReceiveCount, sqsMaximumConcurrency,
                asyncMaximumRetryAttempts, asyncMaximumEventAge, reservedConcurrency,
            ].contains { $0 != nil }
    }

    func fill(_ function: inout BridgedFunctionInput) {
        if sqs || sqsQueueArn != nil || sqsBatchSize != nil || sqsMaximumBatchingWindow != nil
            || sqsMaxReceiveCount != nil || sqsMaximumConcurrency != nil || sqsFifo || sqsContentBasedDeduplication
        {
            var source = SQSInput(name: "--sqs")
            source.queueARN = sqsQueueArn.field("--sqs-queue-arn")
            source.batchSize = sqsBatchSize.field("--sqs-batch-size")
            source.maximumBatchingWindow = sqsMaximumBatchingWindow.field("--sqs-maximum-batching-window")
            source.maxReceiveCount = sqsMaxReceiveCount.field("--sqs-max-receive-count")
            source.maximumConcurrency = sqsMaximumConcurrency.field("--sqs-maximum-concurrency")
            if sqsFifo { source.fifo = Field(true, "--sqs-fifo") }
            if sqsContentBasedDeduplication {
                source.contentBasedDeduplication = Field(true, "--sqs-content-based-deduplication")
            }
            function.sqs = source
        }
        if s3 || s3BucketName != nil || s3ExistingBucket != nil || !s3Event.isEmpty || s3Prefix != nil
            || s3Suffix != nil || s3ModalAccess != nil
        {
            var source = S3EventInput(name: "--s3", events: .flag("--s3-event", s3Event))
            source.bucketName = s3BucketName.field("--s3-bucket-name")
            source.existingBucket = s3ExistingBucket.field("--s3-existing-bucket")
            source.prefix = s3Prefix.field("--s3-prefix")
            source.suffix = s3Suffix.field("--s3-suffix")
            source.modalAccess = s3ModalAccess.field("--s3-modal-access")
            function.s3 = source
        }
        if sns || snsTopicArn != nil {
            var source = SNSInput(name: "--sns")
            source.topicARN = snsTopicArn.field("--sns-topic-arn")
            function.sns = source
        }
        function.kinesis = streamFlags(.kinesis)
        function.dynamodb = streamFlags(.dynamodb)
        function.httpRoutes = .flag("--http-route", httpRoute)
        function.schedule = schedule.field("--schedule")
        if functionUrl || functionUrlAuth != nil {
            var url = FunctionURLInput(name: "--function-url")
            url.auth = functionUrlAuth.field("--function-url-auth")
            function.functionURL = url
        }
        if asyncMaximumRetryAttempts != nil || asyncMaximumEventAge != nil || asyncOnFailureArn != nil {
            let given = [
                (asyncMaximumRetryAttempts != nil, "--async-maximum-retry-attempts"),
                (asyncMaximumEventAge != nil, "--async-maximum-event-age"),
                (asyncOnFailureArn != nil, "--async-on-failure-arn"),
            ]
            var async = AsyncInput(name: given.first { $0.0 }?.1 ?? "--async-on-failure-arn")
            async.maximumRetryAttempts = asyncMaximumRetryAttempts.field("--async-maximum-retry-attempts")
            async.maximumEventAge = asyncMaximumEventAge.field("--async-maximum-event-age")
            async.onFailureARN = asyncOnFailureArn.field("--async-on-failure-arn")
            function.async = async
        }
        function.reservedConcurrency = reservedConcurrency.field("--reserved-concurrency")
    }

    /// The `--kinesis-*` or `--dynamodb-*` flags as a stream source, `nil` when none is given.
    private func streamFlags(_ kind: StreamSource.Kind) -> StreamInput? {
        let kinesis = kind == .kinesis
        let flag = "--\(kind.rawValue)-"
        var input = StreamInput(name: flag + "stream-arn", kind: kind)
        input.streamARN = (kinesis ? kinesisStreamArn : dynamodbStreamArn).field(flag + "stream-arn")
        input.startingPosition = (kinesis ? kinesisStartingPosition : dynamodbStartingPosition)
            .field(flag + "starting-position")
        input.batchSize = (kinesis ? kinesisBatchSize : dynamodbBatchSize).field(flag + "batch-size")
        input.parallelizationFactor = (kinesis ? kinesisParallelizationFactor : dynamodbParallelizationFactor)
            .field(flag + "parallelization-factor")
        input.bisectBatchOnFunctionError =
            (kinesis ? kinesisBisectBatchOnFunctionError : dynamodbBisectBatchOnFunctionError)
            .map { Field($0, flag + "bisect-batch-on-function-error") }
        input.maximumRetryAttempts = (kinesis ? kinesisMaximumRetryAttempts : dynamodbMaximumRetryAttempts)
            .field(flag + "maximum-retry-attempts")
        input.maximumRecordAge = (kinesis ? kinesisMaximumRecordAge : dynamodbMaximumRecordAge)
            .field(flag + "maximum-record-age")
        input.onFailureARN = (kinesis ? kinesisOnFailureArn : dynamodbOnFailureArn).field(flag + "on-failure-arn")
        let given =
            input.streamARN != nil || input.startingPosition != nil || input.batchSize != nil
            || input.parallelizationFactor != nil || input.bisectBatchOnFunctionError != nil
            || input.maximumRetryAttempts != nil || input.maximumRecordAge != nil || input.onFailureARN != nil
        return given ? input : nil
    }
}
