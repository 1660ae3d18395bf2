import CFNTemplates
import Foundation
import JSON
import TestSupport

/// Every kind of template the generator makes: each scope and provider mode, every option and event source. The
/// cfn-lint test lints all of them (and `infra/`) in one run.
enum TemplateCatalog {
    static func all() throws -> [(name: String, template: Template)] {
        var list: [(String, Template)] = [("oidc-provider", try OIDCProviderTemplate.make())]
        let scopes: [(String, [String], [String], [String])] = [
            ("function", ["main"], ["foo"], ["bar", "Model.*"]),
            ("app", ["main"], ["foo", "zed"], []),
            ("environment", ["main", "dev"], [], []), ("workspace", [], [], []),
        ]
        for (scope, environments, apps, functions) in scopes {
            let spec = try Inputs.roleSpec(scope: scope, environment: environments, app: apps, function: functions)
            list.append(
                (
                    "role-\(scope)-conditional",
                    try RoleTemplate.make(spec, provider: .conditional(createByDefault: false))
                )
            )
            list.append(("role-\(scope)-existing", try RoleTemplate.make(spec, provider: .existing)))
        }
        let everything = try Inputs.roleSpec { input in
            input.roleName = Field("modal-foo-bar", "--role-name")
            input.path = Field("/modal/team/", "--path")
            input.description = Field("All options", "--description")
            input.managedPolicyARNs = .flag("--managed-policy-arn", ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
            input.permissionsBoundary = Field("arn:aws:iam::123456789012:policy/Boundary", "--permissions-boundary")
            input.maxSessionDuration = Field(43_200, "--max-session-duration")
            input.s3Read = .flag("--s3-read", ["in-bucket", "in-bucket-2/a/b"])
            input.s3ReadWrite = .flag("--s3-read-write", ["out.bucket/x"])
            input.tags = [TagInput(key: Field("team", "--tag"), value: "ml")]
        }
        list.append(
            ("role-all-options", try RoleTemplate.make(everything, provider: .conditional(createByDefault: true)))
        )
        list.append(("stack-minimal", try StackTemplate.make(try StackSpec(Inputs.stack()))))
        list.append(("stack-all-sources", try StackTemplate.make(try StackSpec(allSources()))))
        list.append(("stack-existing-resources", try StackTemplate.make(try StackSpec(existingResources()))))
        list.append(("stack-long-names", try StackTemplate.make(try StackSpec(longNames()))))
        list.append(("stack-production", try StackTemplate.make(try StackSpec(try production()))))
        list.append(("stack-public-endpoints", try StackTemplate.make(try StackSpec(publicEndpoints()))))
        list.append(("stack-streams", try StackTemplate.make(try StackSpec(streams()))))
        list.append(("stack-alarms", try StackTemplate.make(try StackSpec(alarms()))))
        return list
    }

    static func allSources() -> StackInput {
        Inputs.stack { stack, function in
            stack.description = Field("Every source", "--description")
            stack.codeBucket = Field("artifacts-bucket", "--code-bucket")
            stack.codeKey = Field("builds/bootstrap-1.zip", "--code-key")
            stack.secretName = Field("modal/token", "--secret-name")
            stack.kmsKeyARN = Field(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "--kms-key-arn"
            )
            stack.logRetentionDays = Field(90, "--log-retention-days")
            function.integrationPattern = Field("remote", "--integration-pattern")
            function.dispatchMode = Field("record", "--dispatch-mode")
            function.parameters = Field(["k": "v"], "--parameters")
            function.memorySize = Field(1_024, "--memory-size")
            function.timeout = Field(900, "--timeout")
            function.architecture = Field("arm64", "--architecture")
            function.lambdaFunctionName = Field("modal-bridge-bar", "--lambda-function-name")
            var sqs = SQSInput(name: "--sqs")
            sqs.batchSize = Field(500, "--sqs-batch-size")
            sqs.maximumBatchingWindow = Field(10, "--sqs-maximum-batching-window")
            sqs.maxReceiveCount = Field(10, "--sqs-max-receive-count")
            function.sqs = sqs
            var s3 = S3EventInput(
                name: "--s3",
                events: .flag("--s3-event", ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"])
            )
            s3.prefix = Field("in/", "--s3-prefix")
            s3.suffix = Field(".png", "--s3-suffix")
            s3.modalAccess = Field("read-write", "--s3-modal-access")
            function.s3 = s3
            function.sns = SNSInput(name: "--sns")
            function.httpRoutes = .flag("--http-route", ["POST /bar", "GET /bar/{id}", "ANY /files/{path+}", "GET /"])
            function.schedule = Field("rate(1 hour)", "--schedule")
            function.modalRole.s3Read = .flag("--modal-s3-read", ["models-bucket/m"])
            function.modalRole.managedPolicyARNs = .flag(
                "--modal-managed-policy-arn",
                ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
            )
            function.modalRole.roleName = Field("modal-bar", "--modal-role-name")
            function.modalRole.maxSessionDuration = Field(7_200, "--modal-max-session-duration")
            function.modalRole.tags = [TagInput(key: Field("team", "--modal-tag"), value: "ml")]
        }
    }

    static func existingResources() -> StackInput {
        var input = Inputs.stack { stack, function in
            stack.existingProvider = true
            stack.secretARN = Field(
                "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:modal-AbCdEf",
                "--secret-arn"
            )
            var sqs = SQSInput(name: "--sqs")
            sqs.queueARN = Field("arn:aws-cn:sqs:cn-north-1:123456789012:jobs.fifo", "--sqs-queue-arn")
            function.sqs = sqs
            var sns = SNSInput(name: "--sns")
            sns.topicARN = Field("arn:aws-cn:sns:cn-north-1:123456789012:events", "--sns-topic-arn")
            function.sns = sns
            function.modalRole.scope = Field("workspace", "--modal-scope")
            function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            function.s3?.modalAccess = Field("none", "--s3-modal-access")
        }
        var second = BridgedFunctionInput()
        second.app = Field("zed", "functions[1].app")
        second.function = Field("handler", "functions[1].function")
        second.environment = Field("dev", "functions[1].environment")
        second.httpRoutes = .flag("--http-route", ["PUT /zed"])
        second.modalRole.scope = Field("environment", "functions[1].modalRole.scope")
        var third = BridgedFunctionInput()
        third.app = Field("zed", "functions[2].app")
        third.function = Field("other", "functions[2].function")
        third.httpRoutes = .flag("--http-route", ["DELETE /zed"])
        third.modalRole.scope = Field("app", "functions[2].modalRole.scope")
        input.functions += [second, third]
        return input
    }

    /// Four functions with 250-character names and a schedule each: descriptions must stay within their limits.
    static func longNames() -> StackInput {
        var input = Inputs.stack()
        input.functions = (0..<4).map { index in
            var function = BridgedFunctionInput()
            function.app = Field("foo", "functions[\(index)].app")
            function.function = Field("f\(index)_" + String(repeating: "x", count: 247), "functions[\(index)].function")
            function.id = Field("F\(index)", "functions[\(index)].id")
            function.schedule = Field("rate(1 day)", "functions[\(index)].events.schedule")
            return function
        }
        return input
    }

    /// Every production switch (the committed example `infra/config/production.stack.json`).
    static func production() throws -> StackInput {
        try ConfigFile.stack(try RepositoryPaths.read("infra/config/production.stack.json"))
    }

    /// Both stream sources on one function, every setting, a cross-account SQS failure destination.
    static func streams() -> StackInput {
        Inputs.stack { stack, function in
            stack.allowCrossAccount = true
            function.kinesis = StreamSourceTests.kinesis { input in
                input.startingPosition = Field("TRIM_HORIZON", "--kinesis-starting-position")
                input.batchSize = Field(10_000, "--kinesis-batch-size")
                input.parallelizationFactor = Field(10, "--kinesis-parallelization-factor")
                input.maximumRetryAttempts = Field(-1, "--kinesis-maximum-retry-attempts")
                input.maximumRecordAge = Field(-1, "--kinesis-maximum-record-age")
                input.onFailureARN = Field("arn:aws:sqs:us-east-1:210987654321:failed", "--kinesis-on-failure-arn")
            }
            function.dynamodb = StreamSourceTests.dynamodb()
        }
    }

    /// A public function URL and public routes, an SNS source with an existing on-failure topic, a cross-account
    /// queue, and an existing bucket filtered by prefix and suffix.
    static func publicEndpoints() -> StackInput {
        Inputs.stack { stack, function in
            stack.httpAPI.auth = Field("none", "--http-auth")
            stack.allowCrossAccount = true
            function.httpRoutes = .flag("--http-route", ["GET /status"])
            function.functionURL = FunctionURLInput(name: "--function-url")
            function.functionURL?.auth = Field("none", "--function-url-auth")
            function.sns = SNSInput(name: "--sns")
            function.sns?.topicARN = Field("arn:aws:sns:eu-west-1:210987654321:events", "--sns-topic-arn")
            function.async = AsyncInput(name: "--async-on-failure-arn")
            function.async?.onFailureARN = Field(
                "arn:aws:sns:us-east-1:123456789012:failures",
                "--async-on-failure-arn"
            )
            function.sqs = SQSInput(name: "--sqs")
            function.sqs?.queueARN = Field("arn:aws:sqs:us-east-1:210987654321:jobs", "--sqs-queue-arn")
            function.sqs?.maximumConcurrency = Field(5, "--sqs-maximum-concurrency")
            function.s3 = S3EventInput(
                name: "--s3",
                events: .flag("--s3-event", ["s3:ObjectCreated:*", "s3:ObjectTagging:*"])
            )
            function.s3?.existingBucket = Field("legacy-uploads", "--s3-existing-bucket")
            function.s3?.prefix = Field("in/", "--s3-prefix")
            function.s3?.suffix = Field(".json", "--s3-suffix")
            function.s3?.modalAccess = Field("read-write", "--s3-modal-access")
        }
    }

    /// The committed templates under `infra/templates/`.
    static func infraTemplates() throws -> [URL] {
        let folder = RepositoryPaths.infra.appendingPathComponent("templates")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
