import CFNTemplates
import JSON
import Testing

@Suite("Stack template")
struct StackTemplateTests {
    @Test func lambdaCarriesTheBridgeEnvironmentContract() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.integrationPattern = Field("remote", "--integration-pattern")
                function.dispatchMode = Field("record", "--dispatch-mode")
                function.parameters = Field(["model": "small", "n": 3], "--parameters")
            }
        )
        let function = try #require(template[path: "Resources", "BarFunction", "Properties"])
        let expected = try JSONValue.parse(
            """
            {"Architectures": ["x86_64"], "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}},
             "Description": "modal-bridge to Modal foo/bar (main)",
             "Environment": {"Variables": {
               "MODAL_APP_NAME": "foo", "MODAL_BRIDGE_DISPATCH_MODE": "record", "MODAL_ENVIRONMENT_NAME": "main",
               "MODAL_FUNCTION_NAME": "bar", "MODAL_INTEGRATION_PATTERN": "remote",
               "MODAL_SECRET_ARN": {"Ref": "ModalTokenSecret"}, "PARAMETERS": "{\\"model\\":\\"small\\",\\"n\\":3}"}},
             "Handler": "bootstrap", "LoggingConfig": {"LogFormat": "Text", "LogGroup": {"Ref": "BarLogGroup"}},
             "MemorySize": 256, "Role": {"Fn::GetAtt": ["BarExecutionRole", "Arn"]}, "Runtime": "provided.al2023",
             "Timeout": 30}
            """
        )
        #expect(function.serializedString(.prettySorted) == expected.serializedString(.prettySorted))
        #expect(template[path: "Parameters", "CodeKey", "Default"] == "bootstrap.zip")
        #expect(template[path: "Parameters", "CodeBucket", "Default"] == nil)
    }

    @Test func secretIsAPlaceholderAndTheOnlySecretTheLambdaReads() throws {
        let template = try Inputs.stackJSON(Inputs.stack())
        let secret = try #require(template[path: "Resources", "ModalTokenSecret", "Properties"])
        #expect(secret["SecretString"]?.stringValue == StackTemplate.placeholderSecret)
        let placeholder = try JSONValue.parse(StackTemplate.placeholderSecret)
        #expect(placeholder["MODAL_TOKEN_ID"]?.stringValue?.hasPrefix("ak-") == false)
        #expect(placeholder["MODAL_TOKEN_SECRET"]?.stringValue?.hasPrefix("as-") == false)
        let statements = try #require(
            template[path: "Resources", "BarExecutionRole", "Properties", "Policies"]?[0]?[
                path: "PolicyDocument",
                "Statement"
            ]
        )
        #expect(
            statements
                == [
                    [
                        "Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                        "Resource": ["Fn::GetAtt": ["BarLogGroup", "Arn"]],
                    ],
                    [
                        "Sid": "ModalToken", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                        "Resource": ["Ref": "ModalTokenSecret"],
                    ],
                ]
        )
    }

    @Test func executionRoleIsForLambdaOnlyAndModalRoleIsSeparate() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                function.modalRole.s3Read = .flag("--modal-s3-read", ["other-bucket"])
            }
        )
        let execution = try #require(template[path: "Resources", "BarExecutionRole", "Properties"])
        #expect(
            execution["AssumeRolePolicyDocument"]
                == [
                    "Version": "2012-10-17",
                    "Statement": [
                        [
                            "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
                            "Action": "sts:AssumeRole",
                        ]
                    ],
                ]
        )
        #expect(!execution.serializedString().contains("s3:"))
        #expect(!execution.serializedString().contains("oidc"))
        let modal = try #require(template[path: "Resources", "BarModalRole", "Properties"])
        #expect(modal[path: "AssumeRolePolicyDocument"]?["Statement"]?[0]?["Action"] == "sts:AssumeRoleWithWebIdentity")
        #expect(!modal.serializedString().contains("secretsmanager"))
        let statements = modal["Policies"]?[0]?[path: "PolicyDocument", "Statement"]?.arrayValue ?? []
        #expect(statements.map { $0["Sid"] } == ["S3Objects1", "S3List1", "S3Objects2", "S3List2"])
        #expect(statements[0]["Resource"] == ["Fn::Sub": "${BarBucket.Arn}/*"])
        #expect(statements[1]["Resource"] == ["Fn::GetAtt": ["BarBucket", "Arn"]])
        #expect(statements[0]["Action"] == "s3:GetObject")
    }

    @Test func sqsSourceWithPartialBatchFailures() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var sqs = SQSInput(name: "--sqs")
                sqs.batchSize = Field(50, "--sqs-batch-size")
                sqs.maximumBatchingWindow = Field(2, "--sqs-maximum-batching-window")
                function.sqs = sqs
                function.timeout = Field(120, "--timeout")
            }
        )
        let mapping = try #require(template[path: "Resources", "BarEventSourceMapping", "Properties"])
        #expect(mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"])
        #expect(mapping["BatchSize"] == 50)
        #expect(mapping["MaximumBatchingWindowInSeconds"] == 2)
        #expect(mapping["EventSourceArn"] == ["Fn::GetAtt": ["BarQueue", "Arn"]])
        #expect(template[path: "Resources", "BarQueue", "Properties", "VisibilityTimeout"] == 720)
        #expect(template[path: "Resources", "BarQueue", "Properties", "RedrivePolicy", "maxReceiveCount"] == 5)
        let statements = template[path: "Resources", "BarExecutionRole", "Properties", "Policies"]?[0]?[
            path: "PolicyDocument",
            "Statement"
        ]
        #expect(
            statements?[2]
                == [
                    "Sid": "Queue", "Effect": "Allow",
                    "Action": [
                        "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ReceiveMessage",
                    ],
                    "Resource": ["Fn::GetAtt": ["BarQueue", "Arn"]],
                ]
        )
    }

    @Test func existingQueueTopicSecretAndKMSKey() throws {
        let queue = "arn:aws:sqs:eu-west-1:123456789012:jobs.fifo"
        let topic = "arn:aws:sns:eu-west-1:123456789012:uploads"
        let secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:modal/token-AbCdEf"
        let key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        let template = try Inputs.stackJSON(
            Inputs.stack { stack, function in
                stack.secretARN = Field(secret, "--secret-arn")
                stack.kmsKeyARN = Field(key, "--kms-key-arn")
                var sqs = SQSInput(name: "--sqs")
                sqs.queueARN = Field(queue, "--sqs-queue-arn")
                function.sqs = sqs
                var sns = SNSInput(name: "--sns")
                sns.topicARN = Field(topic, "--sns-topic-arn")
                function.sns = sns
            }
        )
        let resources = try #require(template["Resources"]?.objectValue)
        #expect(resources["ModalTokenSecret"] == nil && resources["BarQueue"] == nil && resources["BarTopic"] == nil)
        #expect(
            template[path: "Resources", "BarFunction", "Properties", "Environment", "Variables", "MODAL_SECRET_ARN"]
                == .string(secret)
        )
        #expect(template[path: "Resources", "BarEventSourceMapping", "Properties", "EventSourceArn"] == .string(queue))
        #expect(
            template[path: "Resources", "BarEventSourceMapping", "Properties", "MaximumBatchingWindowInSeconds"] == nil
        )
        #expect(template[path: "Resources", "BarSubscription", "Properties", "TopicArn"] == .string(topic))
        #expect(template[path: "Resources", "BarTopicPermission", "Properties", "SourceArn"] == .string(topic))
        let statements = template[path: "Resources", "BarExecutionRole", "Properties", "Policies"]?[0]?[
            path: "PolicyDocument",
            "Statement"
        ]
        #expect(statements?[1]?["Resource"] == .string(secret))
        #expect(
            statements?[2]
                == [
                    "Sid": "ModalTokenKey", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": .string(key),
                    "Condition": [
                        // The secret's region, not the stack's: the secret may live in another region.
                        "StringEquals": ["kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"]
                    ],
                ]
        )
    }

    @Test func s3BucketNotifiesThroughAPermissionItDependsOn() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var s3 = S3EventInput(
                    name: "--s3",
                    events: .flag("--s3-event", ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"])
                )
                s3.prefix = Field("uploads/", "--s3-prefix")
                s3.suffix = Field(".jpg", "--s3-suffix")
                function.s3 = s3
            }
        )
        let bucket = try #require(template[path: "Resources", "BarBucket"])
        #expect(bucket["DependsOn"] == ["BarBucketPermission"])
        #expect(bucket["DeletionPolicy"] == "Retain" && bucket["UpdateReplacePolicy"] == "Retain")
        let configurations =
            bucket[path: "Properties", "NotificationConfiguration", "LambdaConfigurations"]?.arrayValue ?? []
        #expect(configurations.map { $0["Event"] } == ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"])
        #expect(
            configurations.first?["Filter"]
                == [
                    "S3Key": [
                        "Rules": [["Name": "prefix", "Value": "uploads/"], ["Name": "suffix", "Value": ".jpg"]]
                    ]
                ]
        )
        let suffix: JSONValue = [
            "Fn::Select": [
                4, ["Fn::Split": ["-", ["Fn::Select": [2, ["Fn::Split": ["/", ["Ref": "AWS::StackId"]]]]]]],
            ]
        ]
        #expect(
            bucket[path: "Properties", "BucketName"] == [
                "Fn::Sub": ["bar-${AWS::AccountId}-${StackSuffix}", ["StackSuffix": suffix]]
            ]
        )
        let permission = try #require(template[path: "Resources", "BarBucketPermission", "Properties"])
        #expect(permission["Principal"] == "s3.amazonaws.com")
        #expect(permission["SourceAccount"] == ["Ref": "AWS::AccountId"])
        #expect(
            permission["SourceArn"] == [
                "Fn::Sub": ["arn:${AWS::Partition}:s3:::bar-${AWS::AccountId}-${StackSuffix}", ["StackSuffix": suffix]]
            ]
        )
    }

    @Test func httpRoutesShareOneAPIAndHaveNarrowPermissions() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.httpRoutes = .flag(
                    "--http-route",
                    ["POST /thumbnails", "GET /items/{id}", "ANY /files/{path+}"]
                )
            }
        )
        #expect(template[path: "Resources", "HttpApi", "Properties", "ProtocolType"] == "HTTP")
        #expect(template[path: "Resources", "HttpApiDefaultStage", "Properties", "StageName"] == "$default")
        #expect(template[path: "Resources", "BarHttpIntegration", "Properties", "PayloadFormatVersion"] == "2.0")
        #expect(template[path: "Resources", "BarHttpRoute2", "Properties", "RouteKey"] == "GET /items/{id}")
        #expect(
            template[path: "Resources", "BarHttpRoute1", "Properties", "Target"] == [
                "Fn::Sub": "integrations/${BarHttpIntegration}"
            ]
        )
        let arns = (1...3).map {
            template[path: "Resources", "BarHttpPermission\($0)", "Properties", "SourceArn", "Fn::Sub"]
        }
        let base = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*/"
        #expect(
            arns == [.string(base + "POST/thumbnails"), .string(base + "GET/items/*"), .string(base + "*/files/*")]
        )
        #expect(template[path: "Outputs", "HttpApiEndpoint", "Value"] == ["Fn::GetAtt": ["HttpApi", "ApiEndpoint"]])
    }

    @Test func scheduleRuleInvokesThroughItsPermission() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in function.schedule = Field("cron(0 12 * * ? *)", "--schedule") }
        )
        #expect(
            template[path: "Resources", "BarScheduleRule", "Properties", "ScheduleExpression"] == "cron(0 12 * * ? *)"
        )
        #expect(
            template[path: "Resources", "BarSchedulePermission", "Properties", "SourceArn"] == [
                "Fn::GetAtt": ["BarScheduleRule", "Arn"]
            ]
        )
        #expect(
            template[path: "Resources", "BarSchedulePermission", "Properties", "Principal"] == "events.amazonaws.com"
        )
    }

    @Test func longNamesStayWithinDescriptionLimits() throws {
        let template = try Inputs.stackJSON(TemplateCatalog.longNames())
        #expect(template["Description"]?.stringValue?.unicodeScalars.count == 1_024)
        #expect(template["Description"]?.stringValue?.hasSuffix("…") == true)
        let lambda = template[path: "Resources", "F0Function", "Properties", "Description"]?.stringValue ?? ""
        #expect(lambda.unicodeScalars.count == 256)
        let rule = template[path: "Resources", "F0ScheduleRule", "Properties", "Description"]?.stringValue ?? ""
        #expect(rule.unicodeScalars.count <= 512)
        #expect(
            template[path: "Resources", "F0Function", "Properties", "Environment", "Variables", "MODAL_FUNCTION_NAME"]?
                .stringValue?.count == 250
        )
    }

    @Test func modalRoleScopeAndFunctionsFollowTheFunction() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.function = Field("Model.predict", "--function")
                function.modalRole.functions = .flag("--modal-function", ["Model.*"])
            }
        )
        let subs = template[path: "Resources", "ModelPredictModalRole", "Properties", "AssumeRolePolicyDocument"]?[
            "Statement"
        ]?[0]?[
            path: "Condition",
            "StringLike",
            "oidc.modal.com:sub"
        ]
        #expect(
            subs == [
                "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:Model.${*}:container_id:*"
            ]
        )
        let appScope = try Inputs.stackJSON(
            Inputs.stack { _, function in function.modalRole.scope = Field("app", "--modal-scope") }
        )
        let appSubs = appScope[path: "Resources", "BarModalRole", "Properties", "AssumeRolePolicyDocument"]?[
            "Statement"
        ]?[0]?[
            path: "Condition",
            "StringLike",
            "oidc.modal.com:sub"
        ]
        #expect(appSubs == ["modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:*"])
    }
}
