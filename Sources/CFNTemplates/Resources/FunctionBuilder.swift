import JSON

/// Adds the resources of one bridged function to a stack template.
struct FunctionBuilder {
    let function: BridgedFunctionSpec
    let spec: StackSpec
    let secretARN: JSONValue
    let provider: JSONValue
    /// Statements of the execution role beyond logs and the secret (event sources add theirs).
    var executionStatements: [PolicyStatement] = []
    /// S3 grants for the Modal role on buckets of this stack.
    var modalGrants: [S3Grant] = []
    /// Queues the stack created for what failed (alarmed on when alarms are on).
    var failureQueues: [FailureQueue] = []

    init(function: BridgedFunctionSpec, spec: StackSpec, secretARN: JSONValue, provider: JSONValue) {
        self.function = function
        self.spec = spec
        self.secretARN = secretARN
        self.provider = provider
    }

    var functionID: LogicalID { function.id.appending("Function") }
    var executionRoleID: LogicalID { function.id.appending("ExecutionRole") }
    var logGroupID: LogicalID { function.id.appending("LogGroup") }
    var modalRoleID: LogicalID { function.id.appending("ModalRole") }

    mutating func add(to template: inout Template) throws(CFNError) {
        if let sqs = function.sqs { try addSQS(sqs, to: &template) }
        if let s3 = function.s3 { try addS3(s3, to: &template) }
        if let sns = function.sns { try addSNS(sns, to: &template) }
        for stream in function.streams { try addStream(stream, to: &template) }
        if !function.httpRoutes.isEmpty { try addHTTP(function.httpRoutes, to: &template) }
        if let schedule = function.schedule { try addSchedule(schedule, to: &template) }
        if let url = function.functionURL { try addFunctionURL(url, to: &template) }
        if let async = function.async { try addAsyncInvokeConfig(async, to: &template) }
        try template.add(resource: StackTemplate.logGroup(spec), as: logGroupID)
        let role = executionRole
        try InlinePolicySize.check(role.properties["Policies"]?.arrayValue ?? [], field: function.name)
        try template.add(resource: role, as: executionRoleID)
        try template.add(resource: lambdaFunction, as: functionID)
        try template.add(
            resource: try function.modalRole.resource(provider: provider, extraGrants: modalGrants),
            as: modalRoleID
        )
        if let alarms = spec.alarms { try addAlarms(alarms, to: &template) }
        try output(
            &template,
            "FunctionArn",
            "ARN of the bridge Lambda for \(function.function.value)",
            Fn.getAtt(functionID, "Arn")
        )
        try output(
            &template,
            "ModalRoleArn",
            "Role for Modal function \(function.function.value) to assume through OIDC (AWS_ROLE_ARN)",
            Fn.getAtt(modalRoleID, "Arn")
        )
    }

    func output(
        _ template: inout Template,
        _ suffix: String,
        _ description: String,
        _ value: JSONValue
    ) throws(CFNError) {
        try template.add(
            output: TemplateOutput(description: description.truncated(to: 1_024), value: value),
            as: function.id.appending(suffix)
        )
    }

    /// The execution role: assumable by Lambda only; logs to its own log group, reads the one secret.
    private var executionRole: TemplateResource {
        var statements = [
            PolicyStatement(
                sid: "Logs",
                actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [Fn.getAtt(logGroupID, "Arn")]
            ),
            PolicyStatement(sid: "ModalToken", actions: ["secretsmanager:GetSecretValue"], resources: [secretARN]),
        ]
        if let key = spec.kmsKeyARN {
            statements.append(
                PolicyStatement(
                    sid: "ModalTokenKey",
                    actions: ["kms:Decrypt"],
                    resources: [.string(key)],
                    condition: [
                        "StringEquals": ["kms:ViaService": secretsManagerService]
                    ]
                )
            )
        }
        statements += executionStatements
        let trust = PolicyDocument([
            PolicyStatement(principal: ["Service": "lambda.amazonaws.com"], actions: ["sts:AssumeRole"])
        ])
        return TemplateResource(
            type: "AWS::IAM::Role",
            properties: [
                "AssumeRolePolicyDocument": trust.json,
                "Description": .string(
                    "Execution role of the modal-bridge Lambda for \(function.function.value)".truncated(to: 1_000)
                ),
                "Policies": [PolicyDocument(statements).inlinePolicy(named: "ModalBridgeRuntime")],
            ]
        )
    }

    /// `secretsmanager.REGION.amazonaws.com` for the secret's region (an existing secret may live in another one).
    private var secretsManagerService: JSONValue {
        if case .existing(let arn) = spec.secret, let region = ExternalARN(arn)?.region {
            return .string("secretsmanager.\(region).amazonaws.com")
        }
        return Fn.sub("secretsmanager.${AWS::Region}.amazonaws.com")
    }

    private var lambdaFunction: TemplateResource {
        var properties: JSONObject = [
            "Architectures": [.string(function.architecture)],
            "Code": [
                "S3Bucket": Fn.ref(StackTemplate.codeBucketParameter), "S3Key": Fn.ref(StackTemplate.codeKeyParameter),
            ],
            "Description": .string(
                "modal-bridge to Modal \(function.app.value)/\(function.function.value) (\(function.environment.value))"
                    .truncated(to: 256)
            ),
            "Environment": ["Variables": .object(JSONObject(function.environmentVariables(secretARN: secretARN)))],
            "Handler": "bootstrap",
            "LoggingConfig": ["LogFormat": "Text", "LogGroup": Fn.ref(logGroupID)],
            "MemorySize": .integer(function.memorySize),
            "Role": Fn.getAtt(executionRoleID, "Arn"),
            "Runtime": "provided.al2023",
            "Timeout": .integer(function.timeout),
        ]
        if let name = function.lambdaFunctionName { properties["FunctionName"] = .string(name) }
        if let reserved = function.reservedConcurrency {
            properties["ReservedConcurrentExecutions"] = .integer(reserved)
        }
        return TemplateResource(type: "AWS::Lambda::Function", properties: properties)
    }

    /// A `lambda:InvokeFunction` permission for `principal` from `sourceARN`.
    func permission(principal: String, sourceARN: JSONValue, sourceAccount: Bool = false) -> TemplateResource {
        var properties: JSONObject = [
            "Action": "lambda:InvokeFunction",
            "FunctionName": Fn.ref(functionID),
            "Principal": .string(principal),
            "SourceArn": sourceARN,
        ]
        if sourceAccount { properties["SourceAccount"] = Fn.ref(.accountID) }
        return TemplateResource(type: "AWS::Lambda::Permission", properties: properties)
    }
}
