/// A validated SQS event source.
package struct SQSSource: Sendable, Hashable {
    package var queueARN: String?
    package var batchSize: Int
    /// Seconds to gather a batch; `nil` for a FIFO queue (Lambda supports no batching window there).
    package var maximumBatchingWindow: Int?
    package var maxReceiveCount: Int
    /// `ScalingConfig.MaximumConcurrency` (`nil`: Lambda's default, up to 1,250 concurrent pollers' worth).
    package var maximumConcurrency: Int?
    /// The queue this stack creates is a FIFO queue (with a FIFO dead-letter queue).
    package var createsFIFO: Bool
    package var contentBasedDeduplication: Bool

    init(_ input: SQSInput) throws(CFNError) {
        queueARN = try input.queueARN.map { field throws(CFNError) in
            try AWSNameRules.regionalARN(field, service: "sqs") { name in
                let base = name.hasSuffix(".fifo") ? name.dropLast(5) : name
                return (1...80).contains(base.utf8.count)
                    && base.utf8.allSatisfy {
                        $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                    }
            }
        }
        if let field = input.fifo, queueARN != nil {
            throw .conflicting(field.name, "applies only to a queue this stack creates (an existing one ends in .fifo)")
        }
        createsFIFO = input.fifo?.value ?? false
        contentBasedDeduplication = input.contentBasedDeduplication?.value ?? false
        if let field = input.contentBasedDeduplication, field.value, !createsFIFO {
            throw .conflicting(field.name, "needs a FIFO queue created by the stack (--sqs-fifo / fifo: true)")
        }
        maximumConcurrency = try input.maximumConcurrency.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 2...1_000, "ScalingConfig.MaximumConcurrency of the SQS mapping")
        }
        let isFIFO = queueARN?.hasSuffix(".fifo") ?? createsFIFO
        batchSize =
            try input.batchSize.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 1...(isFIFO ? 10 : 10_000), "messages per batch")
            } ?? 10
        if isFIFO, let field = input.maximumBatchingWindow {
            throw .conflicting(
                field.name,
                "is not supported for a FIFO queue (Lambda reads FIFO queues without a batching window)"
            )
        }
        maximumBatchingWindow =
            isFIFO
            ? nil
            : try input.maximumBatchingWindow.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 0...300, "seconds to gather a batch")
            } ?? 0
        if batchSize > 10, (maximumBatchingWindow ?? 0) < 1, let field = input.batchSize {
            throw .invalid(
                field.name,
                String(batchSize),
                "needs a batching window of at least 1 second when over 10 (Lambda rule)"
            )
        }
        if let field = input.maxReceiveCount, queueARN != nil {
            throw .conflicting(
                field.name,
                "applies only to a queue this stack creates (the existing queue keeps its redrive policy)"
            )
        }
        maxReceiveCount =
            try input.maxReceiveCount.map { field throws(CFNError) in
                try AWSNameRules.integer(
                    field,
                    in: 1...1_000,
                    "receives before a message goes to the dead-letter queue"
                )
            } ?? 5
    }
}
