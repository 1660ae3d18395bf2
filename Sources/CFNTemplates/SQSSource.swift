/// A validated SQS event source.
package struct SQSSource: Sendable, Hashable {
    package var queueARN: String?
    package var batchSize: Int
    /// Seconds to gather a batch; `nil` for a FIFO queue (Lambda supports no batching window there).
    package var maximumBatchingWindow: Int?
    package var maxReceiveCount: Int

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
        let isFIFO = queueARN?.hasSuffix(".fifo") ?? false
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
