import CFNTemplates
import JSON
import Testing

/// The switches a team running the bridge in production reaches for first (issue 14 §2, §3), with safe defaults.
@Suite("Production switches")
struct ProductionSwitchTests {
    static func statements(_ template: JSONValue, role: String = "BarExecutionRole") -> [JSONValue] {
        template[path: "Resources", role, "Properties", "Policies"]?[0]?[path: "PolicyDocument", "Statement"]?
            .arrayValue ?? []
    }

    static func sids(_ template: JSONValue) -> [String] {
        statements(template).compactMap { $0["Sid"]?.stringValue }
    }

    // MARK: asynchronous invocation

    @Test(arguments: ["s3", "sns", "schedule", "existing-bucket"])
    func asyncSourcesGetAnInvokeConfigWithACreatedFailureQueue(_ source: String) throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                switch source {
                case "s3": function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                case "sns": function.sns = SNSInput(name: "--sns")
                case "schedule": function.schedule = Field("rate(1 hour)", "--schedule")
                default:
                    function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                    function.s3?.existingBucket = Field("legacy-uploads", "--s3-existing-bucket")
                }
            }
        )
        let config = try #require(template[path: "Resources", "BarAsyncInvokeConfig"])
        #expect(config["Type"] == "AWS::Lambda::EventInvokeConfig")
        #expect(
            config["Properties"]
                == [
                    "DestinationConfig": [
                        "OnFailure": ["Destination": ["Fn::GetAtt": ["BarAsyncFailureQueue", "Arn"]]]
                    ],
                    "FunctionName": ["Ref": "BarFunction"], "MaximumEventAgeInSeconds": 21_600,
                    "MaximumRetryAttempts": 2, "Qualifier": "$LATEST",
                ]
        )
        #expect(template[path: "Resources", "BarAsyncFailureQueue", "Properties", "SqsManagedSseEnabled"] == true)
        #expect(template[path: "Outputs", "BarAsyncFailureQueueUrl", "Value"] == ["Ref": "BarAsyncFailureQueue"])
        // The execution role may send to that queue, and only that.
        #expect(
            Self.statements(template).last
                == [
                    "Sid": "AsyncFailureDestination", "Effect": "Allow", "Action": "sqs:SendMessage",
                    "Resource": ["Fn::GetAtt": ["BarAsyncFailureQueue", "Arn"]],
                ]
        )
    }

    @Test func synchronousSourcesHaveNoInvokeConfig() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.httpRoutes = .flag("--http-route", ["POST /x"])
                function.functionURL = FunctionURLInput(name: "--function-url")
            }
        )
        #expect(template[path: "Resources", "BarAsyncInvokeConfig"] == nil)
        #expect(template[path: "Resources", "BarAsyncFailureQueue"] == nil)
        #expect(Self.sids(template) == ["Logs", "ModalToken", "Queue"])
    }

    @Test(
        arguments: [
            ("arn:aws:sns:us-east-1:123456789012:failures", "sns:Publish"),
            ("arn:aws:sqs:us-east-1:123456789012:failures", "sqs:SendMessage"),
            ("arn:aws:lambda:us-east-1:123456789012:function:on-failure", "lambda:InvokeFunction"),
            ("arn:aws:events:us-east-1:123456789012:event-bus/ops", "events:PutEvents"),
        ]
    )
    func existingDestinationGetsExactlyItsAction(arn: String, action: String) throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.sns = SNSInput(name: "--sns")
                var async = AsyncInput(name: "--async-on-failure-arn")
                async.onFailureARN = Field(arn, "--async-on-failure-arn")
                async.maximumRetryAttempts = Field(0, "--async-maximum-retry-attempts")
                async.maximumEventAge = Field(600, "--async-maximum-event-age")
                function.async = async
            }
        )
        let properties = try #require(template[path: "Resources", "BarAsyncInvokeConfig", "Properties"])
        #expect(properties[path: "DestinationConfig", "OnFailure", "Destination"] == .string(arn))
        #expect(properties["MaximumRetryAttempts"] == 0)
        #expect(properties["MaximumEventAgeInSeconds"] == 600)
        #expect(template[path: "Resources", "BarAsyncFailureQueue"] == nil)
        #expect(
            Self.statements(template).last
                == [
                    "Sid": "AsyncFailureDestination", "Effect": "Allow", "Action": .string(action),
                    "Resource": .string(arn),
                ]
        )
        #expect(template[path: "Rules", "BarAsyncFailureArnLocation"] != nil)
    }

    static let rejected: [(String, CFNError.Code, @Sendable (inout StackInput, inout BridgedFunctionInput) -> Void)] = [
        (
            "--async-maximum-retry-attempts: applies only to asynchronous sources", .conflictingValue,
            { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.async = AsyncInput(name: "--async-maximum-retry-attempts")
                function.async?.maximumRetryAttempts = Field(1, "--async-maximum-retry-attempts")
            }
        ),
        (
            "--async-maximum-retry-attempts: '3' must be between 0 and 2", .invalidValue,
            { _, function in
                function.sns = SNSInput(name: "--sns")
                function.async = AsyncInput(name: "--async-maximum-retry-attempts")
                function.async?.maximumRetryAttempts = Field(3, "--async-maximum-retry-attempts")
            }
        ),
        (
            "--async-maximum-event-age: '59' must be between 60 and 21600", .invalidValue,
            { _, function in
                function.sns = SNSInput(name: "--sns")
                function.async = AsyncInput(name: "--async-maximum-event-age")
                function.async?.maximumEventAge = Field(59, "--async-maximum-event-age")
            }
        ),
        (
            "--async-on-failure-arn: 'arn:aws:sqs:us-east-1:123456789012:f.fifo' must be the ARN of an existing standard",
            .invalidValue,
            { _, function in
                function.sns = SNSInput(name: "--sns")
                function.async = AsyncInput(name: "--async-on-failure-arn")
                function.async?.onFailureARN = Field(
                    "arn:aws:sqs:us-east-1:123456789012:f.fifo",
                    "--async-on-failure-arn"
                )
            }
        ),
        (
            "--async-on-failure-arn: 'arn:aws:s3:::bucket' must be the ARN of an existing standard", .invalidValue,
            { _, function in
                function.sns = SNSInput(name: "--sns")
                function.async = AsyncInput(name: "--async-on-failure-arn")
                function.async?.onFailureARN = Field("arn:aws:s3:::bucket", "--async-on-failure-arn")
            }
        ),
        (
            "--reserved-concurrency: '0' must be between 1 and 10000", .invalidValue,
            { _, function in function.reservedConcurrency = Field(0, "--reserved-concurrency") }
        ),
        (
            "--sqs-maximum-concurrency: '1' must be between 2 and 1000", .invalidValue,
            { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.maximumConcurrency = Field(1, "--sqs-maximum-concurrency")
            }
        ),
        (
            "--sqs-maximum-concurrency: 50 is over the reserved concurrency 20", .conflictingValue,
            { _, function in
                function.reservedConcurrency = Field(20, "--reserved-concurrency")
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.maximumConcurrency = Field(50, "--sqs-maximum-concurrency")
            }
        ),
        (
            "--sqs-fifo: applies only to a queue this stack creates", .conflictingValue,
            { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.queueARN = Field("arn:aws:sqs:us-east-1:123456789012:q", "--sqs-queue-arn")
                function.sqs?.fifo = Field(true, "--sqs-fifo")
            }
        ),
        (
            "--sqs-content-based-deduplication: needs a FIFO queue", .conflictingValue,
            { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.contentBasedDeduplication = Field(true, "--sqs-content-based-deduplication")
            }
        ),
        (
            "--sqs-maximum-batching-window: is not supported for a FIFO queue", .conflictingValue,
            { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.fifo = Field(true, "--sqs-fifo")
                function.sqs?.maximumBatchingWindow = Field(5, "--sqs-maximum-batching-window")
            }
        ),
        (
            "--function-url-auth: 'public' must be iam (default, SigV4-signed callers) or none", .invalidValue,
            { _, function in
                function.functionURL = FunctionURLInput(name: "--function-url")
                function.functionURL?.auth = Field("public", "--function-url-auth")
            }
        ),
        (
            "--http-auth: 'cognito' must be iam (default), jwt or none", .invalidValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.auth = Field("cognito", "--http-auth")
            }
        ),
        (
            "--http-jwt-issuer: missing; --http-auth jwt needs the token issuer", .missingValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.auth = Field("jwt", "--http-auth")
            }
        ),
        (
            "--http-jwt-issuer: 'http://idp.example.com' must be the issuer's https:// URL", .invalidValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.auth = Field("jwt", "--http-auth")
                stack.httpAPI.jwtIssuer = Field("http://idp.example.com", "--http-jwt-issuer")
                stack.httpAPI.jwtAudiences = .flag("--http-jwt-audience", ["api"])
            }
        ),
        (
            "--http-jwt-audience: missing; --http-auth jwt needs at least one audience", .missingValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.auth = Field("jwt", "--http-auth")
                stack.httpAPI.jwtIssuer = Field("https://idp.example.com", "--http-jwt-issuer")
            }
        ),
        (
            "--http-jwt-issuer: applies only with --http-auth jwt", .conflictingValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.jwtIssuer = Field("https://idp.example.com", "--http-jwt-issuer")
            }
        ),
        (
            "--http-auth: the HTTP API options apply only when a function has HTTP routes", .conflictingValue,
            { stack, _ in stack.httpAPI.throttlingRateLimit = Field(10, "--http-throttling-rate-limit") }
        ),
        (
            "--http-throttling-burst-limit: '0' must be between 1 and 5000", .invalidValue,
            { stack, function in
                function.httpRoutes = .flag("--http-route", ["GET /x"])
                stack.httpAPI.throttlingBurstLimit = Field(0, "--http-throttling-burst-limit")
            }
        ),
        (
            "--s3-existing-bucket: give either the name of a new bucket or an existing bucket", .conflictingValue,
            { _, function in
                function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                function.s3?.bucketName = Field("new-bucket", "--s3-bucket-name")
                function.s3?.existingBucket = Field("old-bucket", "--s3-existing-bucket")
            }
        ),
        (
            "--s3-event: 's3:ReducedRedundancyLostObject' has no EventBridge counterpart", .invalidValue,
            { _, function in
                function.s3 = S3EventInput(
                    name: "--s3",
                    events: .flag("--s3-event", ["s3:ReducedRedundancyLostObject"])
                )
                function.s3?.existingBucket = Field("old-bucket", "--s3-existing-bucket")
            }
        ),
        (
            "--s3-existing-bucket: 'Old_Bucket' must be an S3 bucket name", .invalidValue,
            { _, function in
                function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                function.s3?.existingBucket = Field("Old_Bucket", "--s3-existing-bucket")
            }
        ),
    ]

    @Test(arguments: rejected.indices)
    func invalidSwitchesAreRefused(_ index: Int) {
        let (message, code, configure) = Self.rejected[index]
        let error = cfnError { _ = try StackSpec(Inputs.stack(configure: configure)) }
        #expect(error?.code == code, "\(error?.message ?? "no error")")
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    // MARK: caps

    @Test func reservedConcurrencyAndSQSMaximumConcurrency() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.reservedConcurrency = Field(20, "--reserved-concurrency")
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.maximumConcurrency = Field(10, "--sqs-maximum-concurrency")
            }
        )
        #expect(template[path: "Resources", "BarFunction", "Properties", "ReservedConcurrentExecutions"] == 20)
        #expect(
            template[path: "Resources", "BarEventSourceMapping", "Properties", "ScalingConfig"] == [
                "MaximumConcurrency": 10
            ]
        )
        let plain = try Inputs.stackJSON(Inputs.stack { _, function in function.sqs = SQSInput(name: "--sqs") })
        #expect(plain[path: "Resources", "BarFunction", "Properties", "ReservedConcurrentExecutions"] == nil)
        #expect(plain[path: "Resources", "BarEventSourceMapping", "Properties", "ScalingConfig"] == nil)
    }

    // MARK: FIFO

    @Test func createdFIFOQueueHasAFIFODeadLetterQueue() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.fifo = Field(true, "--sqs-fifo")
                function.sqs?.contentBasedDeduplication = Field(true, "--sqs-content-based-deduplication")
            }
        )
        for queue in ["BarQueue", "BarDeadLetterQueue"] {
            #expect(template[path: "Resources", queue, "Properties", "FifoQueue"] == true)
            #expect(template[path: "Resources", queue, "Properties", "ContentBasedDeduplication"] == true)
        }
        let mapping = try #require(template[path: "Resources", "BarEventSourceMapping", "Properties"])
        #expect(mapping["MaximumBatchingWindowInSeconds"] == nil)
        #expect(mapping["BatchSize"] == 10)
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    function.sqs = SQSInput(name: "--sqs")
                    function.sqs?.fifo = Field(true, "--sqs-fifo")
                    function.sqs?.batchSize = Field(11, "--sqs-batch-size")
                }
            )
        }
        #expect(error?.message.hasPrefix("--sqs-batch-size: '11' must be between 1 and 10 ") == true)
    }

    // MARK: function URL

    @Test func functionURLIsIAMByDefaultWithoutAPublicPermission() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in function.functionURL = FunctionURLInput(name: "--function-url") }
        )
        #expect(
            template[path: "Resources", "BarFunctionUrl", "Properties"] == [
                "AuthType": "AWS_IAM", "TargetFunctionArn": ["Fn::GetAtt": ["BarFunction", "Arn"]],
            ]
        )
        let permissions = (template["Resources"]?.objectValue ?? [:]).filter {
            $0.value["Type"] == "AWS::Lambda::Permission"
        }
        #expect(permissions.isEmpty)
        #expect(
            template[path: "Outputs", "BarFunctionUrl", "Value"] == ["Fn::GetAtt": ["BarFunctionUrl", "FunctionUrl"]]
        )
    }

    @Test func publicFunctionURLHasBothPermissionsLimitedToTheURL() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.functionURL = FunctionURLInput(name: "--function-url")
                function.functionURL?.auth = Field("none", "--function-url-auth")
            }
        )
        #expect(template[path: "Resources", "BarFunctionUrl", "Properties", "AuthType"] == "NONE")
        #expect(
            template[path: "Resources", "BarFunctionUrlPermission", "Properties"] == [
                "Action": "lambda:InvokeFunctionUrl", "FunctionName": ["Ref": "BarFunction"],
                "FunctionUrlAuthType": "NONE", "Principal": "*",
            ]
        )
        #expect(
            template[path: "Resources", "BarFunctionUrlInvokePermission", "Properties"] == [
                "Action": "lambda:InvokeFunction", "FunctionName": ["Ref": "BarFunction"],
                "InvokedViaFunctionUrl": true, "Principal": "*",
            ]
        )
    }

    // MARK: HTTP API

    @Test func httpRoutesNeedIAMByDefault() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in function.httpRoutes = .flag("--http-route", ["POST /x"]) }
        )
        #expect(template[path: "Resources", "BarHttpRoute1", "Properties", "AuthorizationType"] == "AWS_IAM")
        #expect(template[path: "Resources", "HttpApiJwtAuthorizer"] == nil)
        #expect(template[path: "Resources", "HttpApiAccessLogs"] == nil)
        #expect(template[path: "Resources", "HttpApiDefaultStage", "Properties", "DefaultRouteSettings"] == nil)
    }

    @Test func jwtAuthorizerThrottlingAndAccessLogs() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { stack, function in
                function.httpRoutes = .flag("--http-route", ["POST /x", "GET /y"])
                stack.httpAPI.auth = Field("jwt", "--http-auth")
                stack.httpAPI.jwtIssuer = Field("https://idp.example.com/", "--http-jwt-issuer")
                stack.httpAPI.jwtAudiences = .flag("--http-jwt-audience", ["api", "cli"])
                stack.httpAPI.throttlingBurstLimit = Field(20, "--http-throttling-burst-limit")
                stack.httpAPI.throttlingRateLimit = Field(10, "--http-throttling-rate-limit")
                stack.httpAPI.accessLogs = Field(true, "--http-access-logs")
                stack.logRetentionDays = Field(90, "--log-retention-days")
            }
        )
        for route in ["BarHttpRoute1", "BarHttpRoute2"] {
            #expect(template[path: "Resources", route, "Properties", "AuthorizationType"] == "JWT")
            #expect(template[path: "Resources", route, "Properties", "AuthorizerId"] == ["Ref": "HttpApiJwtAuthorizer"])
        }
        #expect(
            template[path: "Resources", "HttpApiJwtAuthorizer", "Properties"] == [
                "ApiId": ["Ref": "HttpApi"], "AuthorizerType": "JWT",
                "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": ["Audience": ["api", "cli"], "Issuer": "https://idp.example.com/"],
                "Name": "modal-bridge-jwt",
            ]
        )
        let stage = try #require(template[path: "Resources", "HttpApiDefaultStage", "Properties"])
        #expect(stage["DefaultRouteSettings"] == ["ThrottlingBurstLimit": 20, "ThrottlingRateLimit": 10])
        #expect(stage[path: "AccessLogSettings", "DestinationArn"] == ["Fn::GetAtt": ["HttpApiAccessLogs", "Arn"]])
        let format = try #require(stage[path: "AccessLogSettings", "Format"]?.stringValue)
        #expect((try? JSONValue.parse(format))?["requestId"] == "$context.requestId")
        #expect(template[path: "Resources", "HttpApiAccessLogs", "Properties", "RetentionInDays"] == 90)
    }

    @Test func publicHTTPRoutesAreExplicit() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { stack, function in
                function.httpRoutes = .flag("--http-route", ["POST /x"])
                stack.httpAPI.auth = Field("none", "--http-auth")
            }
        )
        #expect(template[path: "Resources", "BarHttpRoute1", "Properties", "AuthorizationType"] == "NONE")
    }

    // MARK: existing S3 bucket through EventBridge

    @Test func existingBucketIsAnEventBridgeRuleNotABucket() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var s3 = S3EventInput(
                    name: "--s3",
                    events: .flag("--s3-event", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"])
                )
                s3.existingBucket = Field("legacy-uploads", "--s3-existing-bucket")
                s3.prefix = Field("incoming/", "--s3-prefix")
                function.s3 = s3
            }
        )
        let types = (template["Resources"]?.objectValue ?? [:]).compactMap { $0.value["Type"]?.stringValue }
        #expect(!types.contains("AWS::S3::Bucket"))
        let rule = try #require(template[path: "Resources", "BarBucketRule", "Properties"])
        #expect(
            rule["EventPattern"] == [
                "source": ["aws.s3"], "detail-type": ["Object Created", "Object Deleted"],
                "detail": ["bucket": ["name": ["legacy-uploads"]], "object": ["key": [["prefix": "incoming/"]]]],
            ]
        )
        #expect(rule["Targets"] == [["Arn": ["Fn::GetAtt": ["BarFunction", "Arn"]], "Id": "ModalBridge"]])
        #expect(
            template[path: "Resources", "BarBucketRulePermission", "Properties"] == [
                "Action": "lambda:InvokeFunction", "FunctionName": ["Ref": "BarFunction"],
                "Principal": "events.amazonaws.com", "SourceArn": ["Fn::GetAtt": ["BarBucketRule", "Arn"]],
            ]
        )
        // The Modal role reads that folder of the bucket (modalAccess read by default).
        let modal = Self.statements(template, role: "BarModalRole")
        #expect(modal.first?["Resource"] == ["Fn::Sub": "arn:${AWS::Partition}:s3:::legacy-uploads/incoming/*"])
        #expect(modal.first?["Action"] == "s3:GetObject")
    }

    @Test(
        arguments: [
            ("in/", ".png", ["wildcard": "in/*.png"] as JSONValue),
            (nil, ".png", ["suffix": ".png"] as JSONValue),
        ]
    )
    func existingBucketKeyFilters(prefix: String?, suffix: String?, filter: JSONValue) throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                s3.existingBucket = Field("legacy-uploads", "--s3-existing-bucket")
                s3.prefix = prefix.map { Field($0, "--s3-prefix") }
                s3.suffix = suffix.map { Field($0, "--s3-suffix") }
                function.s3 = s3
            }
        )
        #expect(
            template[path: "Resources", "BarBucketRule", "Properties", "EventPattern", "detail", "object", "key"]
                == [filter]
        )
    }

    @Test func twoFunctionsMayShareAnExistingBucket() throws {
        var input = Inputs.stack { _, function in
            function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            function.s3?.existingBucket = Field("legacy-uploads", "--s3-existing-bucket")
        }
        var second = input.functions[0]
        second.function = Field("baz", "functions[1].function")
        second.name = "functions[1]"
        input.functions.append(second)
        let template = try Inputs.stackJSON(input)
        #expect(template[path: "Resources", "BazBucketRule"] != nil)
    }

    // MARK: the execution role, everything on

    @Test func executionRoleHasExactlyWhatItsSourcesAndDestinationsNeed() throws {
        let template = try Inputs.stackJSON(try TemplateCatalog.production())
        let first = try #require(template[path: "Resources", "IngestExecutionRole", "Properties", "Policies"]?[0])
        let statements = first[path: "PolicyDocument", "Statement"]?.arrayValue ?? []
        let summary = statements.map { statement -> String in
            let actions =
                statement["Action"]?.stringValue.map { [$0] } ?? statement["Action"]?.arrayValue?
                .compactMap(\.stringValue) ?? []
            return "\(statement["Sid"]?.stringValue ?? "?"): \(actions.joined(separator: ","))"
        }
        #expect(
            summary == [
                "Logs: logs:CreateLogStream,logs:PutLogEvents", "ModalToken: secretsmanager:GetSecretValue",
                "Queue: sqs:ChangeMessageVisibility,sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:ReceiveMessage",
                "AsyncFailureDestination: sqs:SendMessage",
            ]
        )
        #expect(
            statements.allSatisfy { statement in
                (statement["Resource"]?.stringValue ?? "") != "*"
            }
        )
    }
}
