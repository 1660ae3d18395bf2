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

    @Flag(help: "Add a new S3 bucket whose notifications invoke the function.")
    var s3 = false

    @Option(help: ArgumentHelp("Name of the new bucket (default: from the id, account and stack).", valueName: "name"))
    var s3BucketName: String?

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

    @Option(help: ArgumentHelp("HTTP API route, e.g. 'POST /thumbnails' (repeatable).", valueName: "route"))
    var httpRoute: [String] = []

    @Option(
        help: ArgumentHelp(
            "EventBridge schedule, e.g. 'rate(5 minutes)' or 'cron(0 12 * * ? *)'.",
            valueName: "expression"
        )
    )
    var schedule: String?

    var isUsed: Bool {
        sqs || s3 || sns || !s3Event.isEmpty || !httpRoute.isEmpty
            || [sqsQueueArn, s3BucketName, s3Prefix, s3Suffix, s3ModalAccess, snsTopicArn, schedule].contains {
                $0 != nil
            }
            || [sqsBatchSize, sqsMaximumBatchingWindow, sqsMaxReceiveCount].contains { $0 != nil }
    }

    func fill(_ function: inout BridgedFunctionInput) {
        if sqs || sqsQueueArn != nil || sqsBatchSize != nil || sqsMaximumBatchingWindow != nil
            || sqsMaxReceiveCount != nil
        {
            var source = SQSInput(name: "--sqs")
            source.queueARN = sqsQueueArn.field("--sqs-queue-arn")
            source.batchSize = sqsBatchSize.field("--sqs-batch-size")
            source.maximumBatchingWindow = sqsMaximumBatchingWindow.field("--sqs-maximum-batching-window")
            source.maxReceiveCount = sqsMaxReceiveCount.field("--sqs-max-receive-count")
            function.sqs = source
        }
        if s3 || s3BucketName != nil || !s3Event.isEmpty || s3Prefix != nil || s3Suffix != nil || s3ModalAccess != nil {
            var source = S3EventInput(name: "--s3", events: .flag("--s3-event", s3Event))
            source.bucketName = s3BucketName.field("--s3-bucket-name")
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
        function.httpRoutes = .flag("--http-route", httpRoute)
        function.schedule = schedule.field("--schedule")
    }
}
