/// How Lambda handles a failed asynchronous event (S3, SNS, EventBridge): retries within a maximum age, then the
/// on-failure destination, so a failed event is never dropped silently. The default destination is an SQS queue the
/// stack creates; an existing SQS queue, SNS topic, Lambda function or EventBridge bus can be named instead.
package struct AsyncInvokeConfig: Sendable, Hashable {
    /// The destination kinds Lambda supports, by ARN service, with the action the execution role needs.
    package static let destinationActions = [
        "sqs": "sqs:SendMessage", "sns": "sns:Publish", "lambda": "lambda:InvokeFunction", "events": "events:PutEvents",
    ]

    package var maximumRetryAttempts: Int
    package var maximumEventAge: Int
    /// `nil`: a queue created by the stack.
    package var onFailureARN: String?

    init(_ input: AsyncInput?) throws(CFNError) {
        maximumRetryAttempts =
            try input?.maximumRetryAttempts.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 0...2, "retries of a failed asynchronous event")
            } ?? 2
        maximumEventAge =
            try input?.maximumEventAge.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 60...21_600, "seconds an asynchronous event may wait")
            } ?? 21_600
        onFailureARN = try input?.onFailureARN.map { field throws(CFNError) in
            let rule =
                "must be the ARN of an existing standard SQS queue, SNS topic, Lambda function or EventBridge bus "
                + "(Lambda's on-failure destinations; FIFO queues and topics are not supported)"
            guard let parts = ExternalARN(field.value), Self.destinationActions[parts.service] != nil,
                AWSNameRules.partitions.contains(parts.partition), !field.value.hasSuffix(".fifo"),
                AWSNameRules.isRegion(Substring(parts.region)), AWSNameRules.isAccountID(Substring(parts.account)),
                parts.resource.utf8.count > 0,
                parts.resource.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && $0 != "*" })
            else { throw .invalid(field.name, field.value, rule) }
            if parts.service == "events", !parts.resource.hasPrefix("event-bus/") {
                throw .invalid(field.name, field.value, rule)
            }
            if parts.service == "lambda", !parts.resource.hasPrefix("function:") {
                throw .invalid(field.name, field.value, rule)
            }
            return field.value
        }
    }

    /// The action the execution role needs on the destination.
    var destinationAction: String {
        onFailureARN.flatMap { ExternalARN($0).flatMap { Self.destinationActions[$0.service] } } ?? "sqs:SendMessage"
    }
}
