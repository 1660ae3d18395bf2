import JSON

extension FunctionBuilder {
    mutating func addSQS(_ sqs: SQSSource, to template: inout Template) throws(CFNError) {
        let queueARN: JSONValue
        if let arn = sqs.queueARN {
            queueARN = .string(arn)
            try addLocationRule(arn, "QueueArnLocation", what: "The SQS queue", sameRegion: true, to: &template)
        } else {
            let queueID = function.id.appending("Queue")
            let deadLetterID = function.id.appending("DeadLetterQueue")
            // A FIFO queue's dead-letter queue must be FIFO too.
            var attributes: JSONObject = [:]
            if sqs.createsFIFO {
                attributes["FifoQueue"] = true
                if sqs.contentBasedDeduplication { attributes["ContentBasedDeduplication"] = true }
                // A FIFO queue's name must end in .fifo, so it cannot be left to CloudFormation: the id and the
                // stack id's last 12 hex digits keep it unique (at most 40 + 18 characters of SQS's 80).
                let base = String(function.id.value.lowercased().prefix(40))
                attributes["QueueName"] = Fn.sub(
                    SubText.literal(base + "-dlq-") + "${StackSuffix}.fifo",
                    [("StackSuffix", Self.stackSuffix)]
                )
            }
            try template.add(resource: Self.queue(attributes, retention: 1_209_600), as: deadLetterID)
            if sqs.createsFIFO {
                let base = String(function.id.value.lowercased().prefix(40))
                attributes["QueueName"] = Fn.sub(
                    SubText.literal(base + "-") + "${StackSuffix}.fifo",
                    [("StackSuffix", Self.stackSuffix)]
                )
            }
            attributes["RedrivePolicy"] = [
                "deadLetterTargetArn": Fn.getAtt(deadLetterID, "Arn"), "maxReceiveCount": .integer(sqs.maxReceiveCount),
            ]
            // AWS's advice: a visibility timeout of at least six times the function timeout.
            attributes["VisibilityTimeout"] = .integer(min(43_200, max(30, 6 * function.timeout)))
            try template.add(resource: Self.queue(attributes, retention: 345_600), as: queueID)
            try output(&template, "QueueUrl", "URL of the queue feeding \(function.function.value)", Fn.ref(queueID))
            try output(&template, "DeadLetterQueueUrl", "URL of the dead-letter queue", Fn.ref(deadLetterID))
            failureQueues.append(
                FailureQueue(
                    id: deadLetterID,
                    nameSuffix: "dead-letter-queue",
                    what: "the dead-letter queue of the SQS source"
                )
            )
            queueARN = Fn.getAtt(queueID, "Arn")
        }
        executionStatements.append(
            PolicyStatement(
                sid: "Queue",
                actions: [
                    "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
                ],
                resources: [queueARN]
            )
        )
        var mapping: JSONObject = [
            "BatchSize": .integer(sqs.batchSize),
            "Enabled": true,
            "EventSourceArn": queueARN,
            "FunctionName": Fn.ref(functionID),
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
        ]
        if let window = sqs.maximumBatchingWindow { mapping["MaximumBatchingWindowInSeconds"] = .integer(window) }
        if let maximum = sqs.maximumConcurrency { mapping["ScalingConfig"] = ["MaximumConcurrency": .integer(maximum)] }
        try template.add(
            resource: TemplateResource(type: "AWS::Lambda::EventSourceMapping", properties: mapping),
            as: function.id.appending("EventSourceMapping")
        )
    }

    /// The last 12 hex digits of the stack id: unique per stack, for names CloudFormation cannot generate.
    static var stackSuffix: JSONValue {
        Fn.select(4, Fn.split("-", Fn.select(2, Fn.split("/", Fn.ref(.stackID)))))
    }

    /// An encrypted queue the stack owns (deleted with it), keeping messages `retention` seconds.
    static func queue(_ properties: JSONObject, retention: Int) -> TemplateResource {
        var properties = properties
        properties["MessageRetentionPeriod"] = .integer(retention)
        properties["SqsManagedSseEnabled"] = true
        return TemplateResource(
            type: "AWS::SQS::Queue",
            properties: properties,
            deletionPolicy: .delete,
            updateReplacePolicy: .delete
        )
    }

    mutating func addS3(_ s3: S3EventSource, to template: inout Template) throws(CFNError) {
        if let bucket = s3.existingBucket, let pattern = s3.eventPattern {
            try addExistingBucket(bucket, pattern: pattern, s3: s3, to: &template)
            return
        }
        let bucketID = function.id.appending("Bucket")
        let permissionID = function.id.appending("BucketPermission")
        // The permission must exist before the bucket's notification is validated, and the bucket's ARN cannot come
        // from the bucket (that would be a cycle): the name is fixed or computed from the account and stack id.
        let name: JSONValue
        let sourceARN: JSONValue
        if let literal = s3.bucketName {
            name = .string(literal)
            sourceARN = Fn.sub("arn:${AWS::Partition}:s3:::" + SubText.literal(literal))
        } else {
            let base = String(function.id.value.lowercased().prefix(30))
            let suffix = Self.stackSuffix
            name = Fn.sub(SubText.literal(base) + "-${AWS::AccountId}-${StackSuffix}", [("StackSuffix", suffix)])
            sourceARN = Fn.sub(
                "arn:${AWS::Partition}:s3:::" + SubText.literal(base) + "-${AWS::AccountId}-${StackSuffix}",
                [("StackSuffix", suffix)]
            )
        }
        try template.add(
            resource: permission(principal: "s3.amazonaws.com", sourceARN: sourceARN, sourceAccount: true),
            as: permissionID
        )
        var rules: [JSONValue] = []
        if let prefix = s3.prefix { rules.append(["Name": "prefix", "Value": .string(prefix)]) }
        if let suffix = s3.suffix { rules.append(["Name": "suffix", "Value": .string(suffix)]) }
        let configurations: [JSONValue] = s3.events.map { event in
            var configuration: JSONObject = ["Event": .string(event), "Function": Fn.getAtt(functionID, "Arn")]
            if !rules.isEmpty { configuration["Filter"] = ["S3Key": ["Rules": .array(rules)]] }
            return .object(configuration)
        }
        try template.add(
            resource: TemplateResource(
                type: "AWS::S3::Bucket",
                properties: [
                    "BucketEncryption": [
                        "ServerSideEncryptionConfiguration": [
                            ["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]
                        ]
                    ],
                    "BucketName": name,
                    "NotificationConfiguration": ["LambdaConfigurations": .array(configurations)],
                    "PublicAccessBlockConfiguration": [
                        "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true,
                        "RestrictPublicBuckets": true,
                    ],
                ],
                dependsOn: [permissionID],
                deletionPolicy: .retain,
                updateReplacePolicy: .retain
            ),
            as: bucketID
        )
        try output(&template, "BucketName", "Bucket whose events go to \(function.function.value)", Fn.ref(bucketID))
        if let access = s3.modalAccess { modalGrants.append(S3Grant(bucket: .resource(bucketID), access: access)) }
    }

    mutating func addSNS(_ sns: SNSSource, to template: inout Template) throws(CFNError) {
        let topicARN: JSONValue
        var topicRegion: String?
        if let arn = sns.topicARN {
            topicARN = .string(arn)
            // A topic of another region is subscribed to in its region (the Lambda may be invoked across regions).
            topicRegion = ExternalARN(arn)?.region
            try addLocationRule(arn, "TopicArnLocation", what: "The SNS topic", sameRegion: false, to: &template)
        } else {
            let topicID = function.id.appending("Topic")
            try template.add(resource: TemplateResource(type: "AWS::SNS::Topic", properties: [:]), as: topicID)
            try output(&template, "TopicArn", "Topic whose messages go to \(function.function.value)", Fn.ref(topicID))
            topicARN = Fn.ref(topicID)
        }
        var subscription: JSONObject = [
            "Endpoint": Fn.getAtt(functionID, "Arn"), "Protocol": "lambda", "TopicArn": topicARN,
        ]
        if let topicRegion { subscription["Region"] = .string(topicRegion) }
        try template.add(
            resource: TemplateResource(type: "AWS::SNS::Subscription", properties: subscription),
            as: function.id.appending("Subscription")
        )
        try template.add(
            resource: permission(principal: "sns.amazonaws.com", sourceARN: topicARN),
            as: function.id.appending("TopicPermission")
        )
    }

    mutating func addHTTP(_ routes: [HTTPRoute], to template: inout Template) throws(CFNError) {
        let integrationID = function.id.appending("HttpIntegration")
        try template.add(
            resource: TemplateResource(
                type: "AWS::ApiGatewayV2::Integration",
                properties: [
                    "ApiId": Fn.ref(StackTemplate.httpAPIID),
                    "IntegrationType": "AWS_PROXY",
                    "IntegrationUri": Fn.getAtt(functionID, "Arn"),
                    "PayloadFormatVersion": "2.0",
                ]
            ),
            as: integrationID
        )
        for (index, route) in routes.enumerated() {
            try template.add(
                resource: TemplateResource(
                    type: "AWS::ApiGatewayV2::Route",
                    properties: routeProperties(route, integrationID: integrationID)
                ),
                as: function.id.appending("HttpRoute\(index + 1)")
            )
            var source: SubText = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
            source.append(reference: StackTemplate.httpAPIID.value)
            source.append(literal: "/*/")
            source.append(literal: route.sourceARNSuffix)
            try template.add(
                resource: permission(principal: "apigateway.amazonaws.com", sourceARN: Fn.sub(source)),
                as: function.id.appending("HttpPermission\(index + 1)")
            )
        }
    }

    mutating func addSchedule(_ schedule: ScheduleSource, to template: inout Template) throws(CFNError) {
        let ruleID = function.id.appending("ScheduleRule")
        try addEventRule(
            ruleID,
            "Schedule for Modal function \(function.function.value)",
            ["ScheduleExpression": .string(schedule.expression)],
            permission: "SchedulePermission",
            to: &template
        )
    }

    /// An EventBridge rule (a schedule or a pattern) targeting the function, and the permission for that rule.
    func addEventRule(
        _ ruleID: LogicalID,
        _ description: String,
        _ trigger: JSONObject,
        permission permissionSuffix: String,
        to template: inout Template
    ) throws(CFNError) {
        var properties = trigger
        properties["Description"] = .string(description.truncated(to: 512))
        properties["State"] = "ENABLED"
        properties["Targets"] = [["Arn": Fn.getAtt(functionID, "Arn"), "Id": "ModalBridge"]]
        try template.add(resource: TemplateResource(type: "AWS::Events::Rule", properties: properties), as: ruleID)
        try template.add(
            resource: permission(principal: "events.amazonaws.com", sourceARN: Fn.getAtt(ruleID, "Arn")),
            as: function.id.appending(permissionSuffix)
        )
    }

    /// The `Rules` entry for an external ARN: same partition always, same region when `sameRegion`, same account
    /// unless the stack allows cross-account resources.
    func addLocationRule(
        _ arn: String,
        _ suffix: String,
        what: String,
        sameRegion: Bool,
        to template: inout Template
    ) throws(CFNError) {
        guard let parts = ExternalARN(arn) else { return }
        try template.add(
            rule: parts.rule(checkRegion: sameRegion, checkAccount: !spec.allowCrossAccount, what: what),
            as: function.id.appending(suffix)
        )
    }

    private func routeProperties(_ route: HTTPRoute, integrationID: LogicalID) -> JSONObject {
        var properties: JSONObject = [
            "ApiId": Fn.ref(StackTemplate.httpAPIID),
            "AuthorizationType": .string(spec.httpAPI.authorizationType),
            "RouteKey": .string(route.routeKey),
            "Target": Fn.sub(SubText.literal("integrations/") + .reference(integrationID.value)),
        ]
        if case .jwt = spec.httpAPI.auth { properties["AuthorizerId"] = Fn.ref(StackTemplate.httpAuthorizerID) }
        return properties
    }

    /// An existing bucket: an EventBridge rule on its `aws.s3` events (the bucket must have EventBridge
    /// notifications on; docs/cloudformation.md shows the one command) and the permission for that rule.
    private mutating func addExistingBucket(
        _ bucket: String,
        pattern: JSONValue,
        s3: S3EventSource,
        to template: inout Template
    ) throws(CFNError) {
        let ruleID = function.id.appending("BucketRule")
        try addEventRule(
            ruleID,
            "Objects of S3 bucket \(bucket) for Modal function \(function.function.value)",
            ["EventPattern": pattern],
            permission: "BucketRulePermission",
            to: &template
        )
        try output(&template, "BucketRuleArn", "EventBridge rule for bucket \(bucket)", Fn.getAtt(ruleID, "Arn"))
        if let access = s3.modalAccess {
            // A prefix that is a folder limits the grant to it; any other key filter grants the bucket.
            var folder: String?
            if let prefix = s3.prefix, prefix.hasSuffix("/"),
                let grant = try? S3Grant(Field(bucket + "/" + prefix, "prefix"), access: access)
            {
                folder = grant.prefix
            }
            modalGrants.append(S3Grant(bucket: .named(bucket), prefix: folder, access: access))
        }
    }
}
