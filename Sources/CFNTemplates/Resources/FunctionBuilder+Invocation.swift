import JSON

extension FunctionBuilder {
    /// A function URL: `AWS_IAM` by default (callers sign with SigV4); `NONE` adds the two public permissions
    /// Lambda requires (`lambda:InvokeFunctionUrl` with auth type NONE, and `lambda:InvokeFunction` only through the
    /// URL).
    mutating func addFunctionURL(_ url: FunctionURLSource, to template: inout Template) throws(CFNError) {
        let urlID = function.id.appending("FunctionUrl")
        try template.add(
            resource: TemplateResource(
                type: "AWS::Lambda::Url",
                properties: ["AuthType": .string(url.authType), "TargetFunctionArn": Fn.getAtt(functionID, "Arn")]
            ),
            as: urlID
        )
        if url.authType == "NONE" {
            try template.add(
                resource: TemplateResource(
                    type: "AWS::Lambda::Permission",
                    properties: [
                        "Action": "lambda:InvokeFunctionUrl", "FunctionName": Fn.ref(functionID),
                        "FunctionUrlAuthType": "NONE", "Principal": "*",
                    ]
                ),
                as: function.id.appending("FunctionUrlPermission")
            )
            try template.add(
                resource: TemplateResource(
                    type: "AWS::Lambda::Permission",
                    properties: [
                        "Action": "lambda:InvokeFunction", "FunctionName": Fn.ref(functionID),
                        "InvokedViaFunctionUrl": true, "Principal": "*",
                    ]
                ),
                as: function.id.appending("FunctionUrlInvokePermission")
            )
        }
        try output(
            &template,
            "FunctionUrl",
            "Function URL of the bridge for \(function.function.value) (auth \(url.authType))",
            Fn.getAtt(urlID, "FunctionUrl")
        )
    }

    /// Retries, maximum age and the on-failure destination of asynchronous events; the execution role may send to
    /// that destination and nowhere else.
    mutating func addAsyncInvokeConfig(_ async: AsyncInvokeConfig, to template: inout Template) throws(CFNError) {
        let destination = try addFailureDestination(
            async.onFailureARN,
            action: async.destinationAction,
            prefix: "Async",
            what: "The on-failure destination",
            queueDescription: "Queue receiving the asynchronous events \(function.function.value) failed on",
            to: &template
        )
        try template.add(
            resource: TemplateResource(
                type: "AWS::Lambda::EventInvokeConfig",
                properties: [
                    "DestinationConfig": ["OnFailure": ["Destination": destination]],
                    "FunctionName": Fn.ref(functionID),
                    "MaximumEventAgeInSeconds": .integer(async.maximumEventAge),
                    "MaximumRetryAttempts": .integer(async.maximumRetryAttempts),
                    "Qualifier": "$LATEST",
                ]
            ),
            as: function.id.appending("AsyncInvokeConfig")
        )
    }

    /// An on-failure destination: the existing `arn` (with its location rule) or a queue the stack creates (with its
    /// URL as output); the execution role may send to it with `action`, nothing more. Ids start with `prefix`.
    mutating func addFailureDestination(
        _ arn: String?,
        action: String,
        prefix: String,
        what: String,
        queueDescription: String,
        to template: inout Template
    ) throws(CFNError) -> JSONValue {
        let destination: JSONValue
        if let arn {
            destination = .string(arn)
            try addLocationRule(arn, prefix + "FailureArnLocation", what: what, sameRegion: false, to: &template)
        } else {
            let queueID = function.id.appending(prefix + "FailureQueue")
            try template.add(resource: Self.queue([:], retention: 1_209_600), as: queueID)
            try output(&template, prefix + "FailureQueueUrl", queueDescription, Fn.ref(queueID))
            failureQueues.append(
                FailureQueue(
                    id: queueID,
                    nameSuffix: prefix.lowercased() + "-failure-queue",
                    what: "the queue of \(prefix == "Async" ? "asynchronous events" : prefix + " batches") that failed"
                )
            )
            destination = Fn.getAtt(queueID, "Arn")
        }
        executionStatements.append(
            PolicyStatement(sid: prefix + "FailureDestination", actions: [action], resources: [destination])
        )
        return destination
    }
}
