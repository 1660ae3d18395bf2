import CFNTemplates
import JSON
import Testing

/// Kinesis and DynamoDB stream sources (issue 12 §3): one event source mapping each with ordered partial failures,
/// an on-failure destination, and an execution role that may read exactly that stream.
@Suite("Stream sources")
struct StreamSourceTests {
    static let kinesisARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
    static let dynamoARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-28T09:00:00.000"

    static func kinesis(_ configure: (inout StreamInput) -> Void = { _ in }) -> StreamInput {
        var input = StreamInput(name: "--kinesis-stream-arn", kind: .kinesis)
        input.streamARN = Field(kinesisARN, "--kinesis-stream-arn")
        configure(&input)
        return input
    }

    static func dynamodb(_ configure: (inout StreamInput) -> Void = { _ in }) -> StreamInput {
        var input = StreamInput(name: "--dynamodb-stream-arn", kind: .dynamodb)
        input.streamARN = Field(dynamoARN, "--dynamodb-stream-arn")
        configure(&input)
        return input
    }

    @Test func kinesisMappingHasSafeDefaultsAndACreatedFailureQueue() throws {
        let template = try Inputs.stackJSON(Inputs.stack { _, function in function.kinesis = Self.kinesis() })
        let mapping = try #require(template[path: "Resources", "BarKinesisEventSourceMapping"])
        #expect(mapping["Type"] == "AWS::Lambda::EventSourceMapping")
        #expect(
            mapping["Properties"]
                == [
                    "BatchSize": 100, "BisectBatchOnFunctionError": true,
                    "DestinationConfig": [
                        "OnFailure": ["Destination": ["Fn::GetAtt": ["BarKinesisFailureQueue", "Arn"]]]
                    ],
                    "Enabled": true, "EventSourceArn": .string(Self.kinesisARN),
                    "FunctionName": ["Ref": "BarFunction"], "FunctionResponseTypes": ["ReportBatchItemFailures"],
                    "MaximumRecordAgeInSeconds": 86_400, "MaximumRetryAttempts": 10, "ParallelizationFactor": 1,
                    "StartingPosition": "LATEST",
                ]
        )
        #expect(template[path: "Resources", "BarKinesisFailureQueue", "Properties", "SqsManagedSseEnabled"] == true)
        #expect(template[path: "Outputs", "BarKinesisFailureQueueUrl", "Value"] == ["Ref": "BarKinesisFailureQueue"])
        // Exactly the stream's read actions on the stream, and SendMessage on the failure queue.
        let statements = ProductionSwitchTests.statements(template)
        #expect(
            ProductionSwitchTests.sids(template) == [
                "Logs", "ModalToken", "KinesisStream", "KinesisFailureDestination",
            ]
        )
        #expect(
            statements[2]
                == [
                    "Sid": "KinesisStream", "Effect": "Allow",
                    "Action": [
                        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                        "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
                    ],
                    "Resource": .string(Self.kinesisARN),
                ]
        )
        #expect(
            statements[3]
                == [
                    "Sid": "KinesisFailureDestination", "Effect": "Allow", "Action": "sqs:SendMessage",
                    "Resource": ["Fn::GetAtt": ["BarKinesisFailureQueue", "Arn"]],
                ]
        )
        // Record mode by default: one call per record, the first failure reported.
        #expect(
            template[path: "Resources", "BarFunction", "Properties", "Environment", "Variables"]?[
                "MODAL_BRIDGE_DISPATCH_MODE"
            ] == "record"
        )
        // A stream outside the stack's region (or account) stops the deploy before anything is created.
        let assertions = template[path: "Rules", "BarKinesisStreamArnLocation", "Assertions"]?.arrayValue ?? []
        #expect(
            assertions.map { $0["Assert"] }
                == [
                    ["Fn::Equals": [["Ref": "AWS::Partition"], "aws"]],
                    ["Fn::Equals": [["Ref": "AWS::Region"], "us-east-1"]],
                    ["Fn::Equals": [["Ref": "AWS::AccountId"], "123456789012"]],
                ]
        )
        #expect(template[path: "Resources", "BarAsyncInvokeConfig"] == nil)
    }

    @Test func dynamoDBMappingTakesEverySettingAndAnExistingTopic() throws {
        let topic = "arn:aws:sns:eu-west-1:123456789012:stream-failures"
        let template = try Inputs.stackJSON(
            Inputs.stack { stack, function in
                stack.allowCrossAccount = true
                function.dispatchMode = Field("event", "--dispatch-mode")
                function.dynamodb = Self.dynamodb { input in
                    input.startingPosition = Field("TRIM_HORIZON", "--dynamodb-starting-position")
                    input.batchSize = Field(10_000, "--dynamodb-batch-size")
                    input.parallelizationFactor = Field(10, "--dynamodb-parallelization-factor")
                    input.bisectBatchOnFunctionError = Field(false, "--no-dynamodb-bisect-batch-on-function-error")
                    input.maximumRetryAttempts = Field(-1, "--dynamodb-maximum-retry-attempts")
                    input.maximumRecordAge = Field(604_800, "--dynamodb-maximum-record-age")
                    input.onFailureARN = Field(topic, "--dynamodb-on-failure-arn")
                }
            }
        )
        let properties = try #require(template[path: "Resources", "BarDynamoDBEventSourceMapping", "Properties"])
        #expect(properties["StartingPosition"] == "TRIM_HORIZON")
        #expect(properties["BatchSize"] == 10_000)
        #expect(properties["ParallelizationFactor"] == 10)
        #expect(properties["BisectBatchOnFunctionError"] == false)
        #expect(properties["MaximumRetryAttempts"] == -1)
        #expect(properties["MaximumRecordAgeInSeconds"] == 604_800)
        #expect(properties[path: "DestinationConfig", "OnFailure", "Destination"] == .string(topic))
        #expect(template[path: "Resources", "BarDynamoDBFailureQueue"] == nil)
        let statements = ProductionSwitchTests.statements(template)
        #expect(
            statements.filter { $0["Sid"]?.stringValue?.hasPrefix("DynamoDB") == true }
                == [
                    [
                        "Sid": "DynamoDBStream", "Effect": "Allow",
                        "Action": [
                            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                            "dynamodb:ListStreams",
                        ],
                        "Resource": .string(Self.dynamoARN),
                    ],
                    [
                        "Sid": "DynamoDBFailureDestination", "Effect": "Allow", "Action": "sns:Publish",
                        "Resource": .string(topic),
                    ],
                ]
        )
        // An explicit dispatch mode wins (event: the batch forwarded whole, retried whole).
        #expect(
            template[path: "Resources", "BarFunction", "Properties", "Environment", "Variables"]?[
                "MODAL_BRIDGE_DISPATCH_MODE"
            ] == "event"
        )
        // The stream must be in the stack's region; the topic may be elsewhere; cross-account drops the account check.
        #expect(template[path: "Rules", "BarDynamoDBStreamArnLocation", "Assertions"]?.arrayValue?.count == 2)
        #expect(template[path: "Rules", "BarDynamoDBFailureArnLocation", "Assertions"]?.arrayValue?.count == 1)
    }

    @Test func bothStreamsOnOneFunctionGetTwoMappings() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                function.kinesis = Self.kinesis()
                function.dynamodb = Self.dynamodb()
            }
        )
        #expect(template[path: "Resources", "BarKinesisEventSourceMapping"] != nil)
        #expect(template[path: "Resources", "BarDynamoDBEventSourceMapping"] != nil)
        #expect(
            ProductionSwitchTests.sids(template)
                == [
                    "Logs", "ModalToken", "KinesisStream", "KinesisFailureDestination", "DynamoDBStream",
                    "DynamoDBFailureDestination",
                ]
        )
    }

    @Test(
        arguments: [
            ("kinesis", "arn:aws:kinesis:us-east-1:123456789012:clicks"),
            ("kinesis", "arn:aws:kinesis:us-east-1:123456789012:stream/"),
            ("kinesis", "arn:aws:kinesis:us-east-1:123456789012:stream/a/b"),
            ("kinesis", "arn:aws:kinesis:us-east-1:123456789012:stream/cl*cks"),
            ("kinesis", "arn:aws:kinesis:us-east-1:12345678901:stream/clicks"),
            ("kinesis", "arn:aws:kinesis::123456789012:stream/clicks"),
            ("kinesis", "arn:aws:sqs:us-east-1:123456789012:stream/clicks"),
            ("kinesis", "arn:aws:kinesis:us-east-1:123456789012:stream/" + String(repeating: "a", count: 129)),
            ("kinesis", StreamSourceTests.dynamoARN),
            ("dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"),
            ("dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/"),
            ("dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/or/stream/2026-11-28T09:00:00.000"),
            ("dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/2026"),
            ("dynamodb", "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/*"),
            ("dynamodb", "arn:foo:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-28T09:00:00.000"),
            ("dynamodb", StreamSourceTests.kinesisARN),
        ]
    )
    func malformedStreamARNIsRefused(kind: String, arn: String) {
        let flag = "--\(kind)-stream-arn"
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    var input = StreamInput(name: flag, kind: kind == "kinesis" ? .kinesis : .dynamodb)
                    input.streamARN = Field(arn, flag)
                    if kind == "kinesis" { function.kinesis = input } else { function.dynamodb = input }
                }
            )
        }
        #expect(error?.code == .invalidValue, "\(arn) was accepted")
        #expect(error?.message.hasPrefix("\(flag): '\(arn)' must be a ") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("\n") == false)
    }

    @Test(
        arguments: [
            ("--kinesis-batch-size", 0, "must be between 1 and 10000"),
            ("--kinesis-batch-size", 10_001, "must be between 1 and 10000"),
            ("--kinesis-parallelization-factor", 0, "must be between 1 and 10"),
            ("--kinesis-parallelization-factor", 11, "must be between 1 and 10"),
            ("--kinesis-maximum-retry-attempts", -2, "must be -1 or between 0 and 10000"),
            ("--kinesis-maximum-retry-attempts", 10_001, "must be -1 or between 0 and 10000"),
            ("--kinesis-maximum-record-age", 59, "must be -1 or between 60 and 604800"),
            ("--kinesis-maximum-record-age", 0, "must be -1 or between 60 and 604800"),
            ("--kinesis-maximum-record-age", 604_801, "must be -1 or between 60 and 604800"),
        ]
    )
    func outOfRangeNumberIsRefused(flag: String, value: Int, rule: String) {
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    function.kinesis = Self.kinesis { input in
                        let field = Field(value, flag)
                        switch flag {
                        case "--kinesis-batch-size": input.batchSize = field
                        case "--kinesis-parallelization-factor": input.parallelizationFactor = field
                        case "--kinesis-maximum-retry-attempts": input.maximumRetryAttempts = field
                        default: input.maximumRecordAge = field
                        }
                    }
                }
            )
        }
        #expect(error?.code == .invalidValue, "\(flag) \(value) was accepted")
        #expect(error?.message.hasPrefix("\(flag): '\(value)' \(rule) (") == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: [-1, 0, 10_000])
    func boundaryRetryCountsAreAccepted(_ value: Int) throws {
        _ = try StackSpec(
            Inputs.stack { _, function in
                function.kinesis = Self.kinesis {
                    $0.maximumRetryAttempts = Field(value, "--kinesis-maximum-retry-attempts")
                    $0.maximumRecordAge = Field(value == 0 ? 60 : value, "--kinesis-maximum-record-age")
                }
            }
        )
    }

    @Test(
        arguments: [
            "arn:aws:sqs:us-east-1:123456789012:failures.fifo", "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:sqs:us-east-1:123456789012:fail*", "arn:aws:sns:us-east-1:1234:failures", "failures",
        ]
    )
    func unsupportedFailureDestinationIsRefused(_ arn: String) {
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    function.kinesis = Self.kinesis { $0.onFailureARN = Field(arn, "--kinesis-on-failure-arn") }
                }
            )
        }
        #expect(error?.code == .invalidValue, "\(arn) was accepted")
        #expect(
            error?.message.hasPrefix("--kinesis-on-failure-arn: '\(arn)' must be the ARN of an existing standard SQS")
                == true,
            "\(error?.message ?? "no error")"
        )
    }

    @Test func unknownStartingPositionIsRefused() {
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    function.dynamodb = Self.dynamodb {
                        $0.startingPosition = Field("AT_TIMESTAMP", "--dynamodb-starting-position")
                    }
                }
            )
        }
        #expect(
            error?.message == "--dynamodb-starting-position: 'AT_TIMESTAMP' must be LATEST or TRIM_HORIZON",
            "\(error?.message ?? "no error")"
        )
    }

    @Test func settingsWithoutAStreamARNAreRefused() {
        let error = cfnError {
            _ = try StackSpec(
                Inputs.stack { _, function in
                    function.kinesis = Self.kinesis {
                        $0.streamARN = nil
                        $0.batchSize = Field(10, "--kinesis-batch-size")
                    }
                }
            )
        }
        #expect(error?.code == .missingValue)
        #expect(error?.message.hasPrefix("--kinesis-stream-arn: ") == true, "\(error?.message ?? "no error")")
    }

    @Test func configFileReadsStreamSources() throws {
        let input = try ConfigFile.stack(
            Array(
                """
                {"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar",
                  "events": {"kinesis": {"streamArn": "\(Self.kinesisARN)", "batchSize": 50,
                                          "startingPosition": "TRIM_HORIZON", "bisectBatchOnFunctionError": false},
                             "dynamodb": {"streamArn": "\(Self.dynamoARN)", "maximumRecordAge": 3600,
                                          "parallelizationFactor": 2, "maximumRetryAttempts": 3,
                                          "onFailureArn": "arn:aws:sqs:us-east-1:123456789012:failed"}}}]}
                """.utf8
            )
        )
        let spec = try StackSpec(input)
        let streams = spec.functions[0].streams
        #expect(streams.map(\.kind) == [.kinesis, .dynamodb])
        #expect(streams[0].batchSize == 50)
        #expect(streams[0].startingPosition == "TRIM_HORIZON")
        #expect(streams[0].bisectBatchOnFunctionError == false)
        #expect(streams[1].maximumRecordAge == 3_600)
        #expect(streams[1].parallelizationFactor == 2)
        #expect(streams[1].maximumRetryAttempts == 3)
        #expect(streams[1].onFailureARN == "arn:aws:sqs:us-east-1:123456789012:failed")
        // Errors name the config path.
        let error = cfnError {
            _ = try StackSpec(
                try ConfigFile.stack(
                    Array(
                        """
                        {"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar",
                          "events": {"kinesis": {"streamArn": "\(Self.kinesisARN)", "batchSize": 0}}}]}
                        """.utf8
                    )
                )
            )
        }
        #expect(
            error?.message.hasPrefix("functions[0].events.kinesis.batchSize: '0' must be between 1 and 10000") == true
        )
        let missing = cfnError {
            _ = try StackSpec(
                try ConfigFile.stack(
                    Array(
                        """
                        {"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar",
                          "events": {"dynamodb": {"batchSiz": 5}}}]}
                        """.utf8
                    )
                )
            )
        }
        #expect(
            missing?.message.hasPrefix("functions[0].events.dynamodb.batchSiz") == true,
            "\(missing?.message ?? "")"
        )
    }

    @Test func aThirdFunctionOnOneDynamoDBStreamIsRefused() throws {
        func stack(functions count: Int) -> StackInput {
            var input = Inputs.stack()
            input.functions = (0..<count).map { index in
                var function = BridgedFunctionInput()
                function.name = "functions[\(index)]"
                function.app = Field("foo", "functions[\(index)].app")
                function.function = Field("f\(index)", "functions[\(index)].function")
                function.dynamodb = Self.dynamodb {
                    $0.streamARN = Field(Self.dynamoARN, "functions[\(index)].events.dynamodb.streamArn")
                }
                // A Kinesis stream has no such limit here.
                function.kinesis = Self.kinesis()
                return function
            }
            return input
        }
        _ = try StackSpec(stack(functions: 2))
        let error = cfnError { _ = try StackSpec(stack(functions: 3)) }
        #expect(error?.code == .conflictingValue)
        #expect(
            error?.message
                == "functions[2].events.dynamodb.streamArn: '\(Self.dynamoARN)' is already read by functions[0] and "
                + "functions[1]; DynamoDB Streams may throttle more than two readers per shard",
            "\(error?.message ?? "no error")"
        )
    }
}
