/// A validated Kinesis or DynamoDB stream event source. Defaults: `LATEST` (a new mapping sends what arrives from now
/// on, it does not replay the stream's retention as Modal calls), 100 records per batch, one batch per shard, bisection
/// on, 10 retries and records at most a day old (a poison record blocks its shard for a bounded time, then goes to
/// the on-failure destination).
package struct StreamSource: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case kinesis
        case dynamodb

        /// What errors and `Rules` call the stream.
        var title: String { self == .kinesis ? "The Kinesis stream" : "The DynamoDB stream" }

        /// The read actions Lambda's poller needs on the stream (enhanced fan-out is not used).
        var readActions: [String] {
            switch self {
            case .kinesis:
                [
                    "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                    "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                ]
            case .dynamodb:
                [
                    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams",
                ]
            }
        }

        var arnRule: String {
            switch self {
            case .kinesis:
                "must be a Kinesis stream ARN arn:PARTITION:kinesis:REGION:ACCOUNT-ID:stream/NAME (NAME 1–128 of "
                    + "letters, digits, '_', '.', '-')"
            case .dynamodb:
                "must be a DynamoDB stream ARN arn:PARTITION:dynamodb:REGION:ACCOUNT-ID:table/TABLE/stream/LABEL "
                    + "(TABLE 3–255 of letters, digits, '_', '.', '-'; LABEL the stream's timestamp label)"
            }
        }
    }

    package static let startingPositions = ["LATEST", "TRIM_HORIZON"]

    package var kind: Kind
    package var streamARN: String
    package var startingPosition: String
    package var batchSize: Int
    package var parallelizationFactor: Int
    package var bisectBatchOnFunctionError: Bool
    package var maximumRetryAttempts: Int
    package var maximumRecordAge: Int
    /// `nil`: a queue created by the stack.
    package var onFailureARN: String?

    init(_ input: StreamInput) throws(CFNError) {
        kind = input.kind
        guard let arnField = input.streamARN else {
            throw .missing(input.name, "the ARN of the existing stream to read")
        }
        guard let parts = ExternalARN(arnField.value), parts.service == input.kind.rawValue,
            AWSNameRules.partitions.contains(parts.partition), AWSNameRules.isRegion(Substring(parts.region)),
            AWSNameRules.isAccountID(Substring(parts.account)), Self.isStreamResource(parts.resource, input.kind)
        else { throw .invalid(arnField.name, arnField.value, input.kind.arnRule) }
        streamARN = arnField.value
        let position = input.startingPosition ?? Field("LATEST", input.name)
        guard Self.startingPositions.contains(position.value) else {
            throw .invalid(position.name, position.value, "must be LATEST or TRIM_HORIZON")
        }
        startingPosition = position.value
        batchSize =
            try input.batchSize.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 1...10_000, "records per batch")
            } ?? 100
        parallelizationFactor =
            try input.parallelizationFactor.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 1...10, "concurrent batches per shard")
            } ?? 1
        bisectBatchOnFunctionError = input.bisectBatchOnFunctionError?.value ?? true
        maximumRetryAttempts =
            try input.maximumRetryAttempts.map { field throws(CFNError) in
                try Self.minusOneOr(field, 0...10_000, "retries of a failed batch (-1: until the record expires)")
            } ?? 10
        maximumRecordAge =
            try input.maximumRecordAge.map { field throws(CFNError) in
                try Self.minusOneOr(field, 60...604_800, "seconds a record may wait (-1: the stream's retention)")
            } ?? 86_400
        onFailureARN = try input.onFailureARN.map { field throws(CFNError) in
            guard let parts = ExternalARN(field.value), parts.service == "sqs" || parts.service == "sns",
                AWSNameRules.partitions.contains(parts.partition), !field.value.hasSuffix(".fifo"),
                AWSNameRules.isRegion(Substring(parts.region)), AWSNameRules.isAccountID(Substring(parts.account)),
                (1...256).contains(parts.resource.utf8.count),
                parts.resource.utf8.allSatisfy({
                    $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                })
            else {
                throw .invalid(
                    field.name,
                    field.value,
                    "must be the ARN of an existing standard SQS queue or SNS topic (a stream mapping's on-failure "
                        + "destinations; FIFO queues and topics are not supported)"
                )
            }
            return field.value
        }
    }

    /// The action the execution role needs on the destination.
    var destinationAction: String {
        onFailureARN.flatMap(ExternalARN.init)?.service == "sns" ? "sns:Publish" : "sqs:SendMessage"
    }

    private static func minusOneOr(
        _ field: Field<Int>,
        _ range: ClosedRange<Int>,
        _ what: String
    ) throws(CFNError) -> Int {
        if field.value == -1 { return -1 }
        guard range.contains(field.value) else {
            throw .invalid(
                field.name,
                String(field.value),
                "must be -1 or between \(range.lowerBound) and \(range.upperBound) (\(what))"
            )
        }
        return field.value
    }

    private static func isStreamResource(_ resource: String, _ kind: Kind) -> Bool {
        func isName(_ text: Substring, _ lengths: ClosedRange<Int>) -> Bool {
            lengths.contains(text.utf8.count)
                && text.utf8.allSatisfy {
                    $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                        || $0 == UInt8(ascii: "-")
                }
        }
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false)
        switch kind {
        case .kinesis:
            return parts.count == 2 && parts[0] == "stream" && isName(parts[1], 1...128)
        case .dynamodb:
            // The label is the stream's creation time, e.g. 2026-11-28T09:00:00.000.
            return parts.count == 4 && parts[0] == "table" && isName(parts[1], 3...255) && parts[2] == "stream"
                && (1...64).contains(parts[3].utf8.count)
                && parts[3].utf8.allSatisfy {
                    $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":")
                        || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                }
        }
    }
}
