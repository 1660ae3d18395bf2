import JSON

extension FunctionBuilder {
    /// An event source mapping on an existing Kinesis or DynamoDB stream, reporting ordered partial failures
    /// (`ReportBatchItemFailures`), with its on-failure destination. The execution role may read that stream and
    /// send to that destination, nothing else.
    mutating func addStream(_ stream: StreamSource, to template: inout Template) throws(CFNError) {
        let prefix = stream.kind == .kinesis ? "Kinesis" : "DynamoDB"
        // A mapping reads a stream of its own region; the account must match unless cross-account is allowed.
        try addLocationRule(
            stream.streamARN,
            prefix + "StreamArnLocation",
            what: stream.kind.title,
            sameRegion: true,
            to: &template
        )
        executionStatements.append(
            PolicyStatement(
                sid: prefix + "Stream",
                actions: stream.kind.readActions,
                resources: [.string(stream.streamARN)]
            )
        )
        let destination = try addFailureDestination(
            stream.onFailureARN,
            action: stream.destinationAction,
            prefix: prefix,
            what: "The on-failure destination of the \(prefix) mapping",
            queueDescription:
                "Queue receiving the metadata of the \(prefix) batches \(function.function.value) gave up on",
            to: &template
        )
        try template.add(
            resource: TemplateResource(
                type: "AWS::Lambda::EventSourceMapping",
                properties: [
                    "BatchSize": .integer(stream.batchSize),
                    "BisectBatchOnFunctionError": .bool(stream.bisectBatchOnFunctionError),
                    "DestinationConfig": ["OnFailure": ["Destination": destination]],
                    "Enabled": true,
                    "EventSourceArn": .string(stream.streamARN),
                    "FunctionName": Fn.ref(functionID),
                    "FunctionResponseTypes": ["ReportBatchItemFailures"],
                    "MaximumRecordAgeInSeconds": .integer(stream.maximumRecordAge),
                    "MaximumRetryAttempts": .integer(stream.maximumRetryAttempts),
                    "ParallelizationFactor": .integer(stream.parallelizationFactor),
                    "StartingPosition": .string(stream.startingPosition),
                ]
            ),
            as: function.id.appending(prefix + "EventSourceMapping")
        )
    }
}
