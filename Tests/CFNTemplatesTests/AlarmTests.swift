import CFNTemplates
import Foundation
import JSON
import TestSupport
import Testing

/// CloudWatch alarms of `cfn stack` (issue 12 §2): what each alarm watches, where it notifies, the EMF switch on
/// the Lambda, and the inputs that are refused.
@Suite("Alarms")
struct AlarmTests {
    /// A stack with alarms on (`configure` adjusts them and the function).
    static func input(
        _ configure: (inout AlarmsInput, inout BridgedFunctionInput) -> Void = { _, _ in }
    ) -> StackInput {
        Inputs.stack { stack, function in
            var alarms = AlarmsInput(name: "--alarms", emails: .flag("--alarm-email", []))
            configure(&alarms, &function)
            stack.alarms = alarms
        }
    }

    static func resources(_ template: JSONValue, ofType type: String) -> [String: JSONValue] {
        var found: [String: JSONValue] = [:]
        for (id, resource) in template["Resources"]?.objectValue ?? [:] where resource["Type"] == .string(type) {
            found[id] = resource["Properties"]
        }
        return found
    }

    // MARK: resources

    @Test func errorsAndRecordsFailedWatchTheCreatedFunction() throws {
        let template = try Inputs.stackJSON(Self.input())
        let errors = try #require(template[path: "Resources", "BarErrorsAlarm", "Properties"])
        let expected: JSONValue = [
            "ActionsEnabled": true,
            "AlarmActions": [["Ref": "AlarmTopic"]],
            "AlarmDescription":
                "modal-bridge for foo/bar: the Lambda's invocations failed: fires at 1 or more in 1 of 1 periods of 300 s",
            "AlarmName": ["Fn::Sub": "${AWS::StackName}-Bar-errors"],
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "DatapointsToAlarm": 1,
            "Dimensions": [["Name": "FunctionName", "Value": ["Ref": "BarFunction"]]],
            "EvaluationPeriods": 1,
            "MetricName": "Errors",
            "Namespace": "AWS/Lambda",
            "OKActions": [["Ref": "AlarmTopic"]],
            "Period": 300,
            "Statistic": "Sum",
            "Threshold": 1,
            "TreatMissingData": "notBreaching",
        ]
        #expect(errors.serializedString(.prettySorted) == expected.serializedString(.prettySorted))
        // The EMF contract: RecordsFailed in the namespace, dimension set [FunctionName] = the function's name.
        let failed = try #require(template[path: "Resources", "BarRecordsFailedAlarm", "Properties"])
        #expect(failed["Namespace"] == "ModalBridge")
        #expect(failed["MetricName"] == "RecordsFailed")
        #expect(failed["Statistic"] == "Sum")
        #expect(failed["Dimensions"] == [["Name": "FunctionName", "Value": ["Ref": "BarFunction"]]])
        #expect(failed["TreatMissingData"] == "notBreaching")
        #expect(failed["AlarmName"] == ["Fn::Sub": "${AWS::StackName}-Bar-records-failed"])
        // No source creates a failure queue here: two alarms, nothing else.
        #expect(
            Self.resources(template, ofType: "AWS::CloudWatch::Alarm").keys.sorted() == [
                "BarErrorsAlarm", "BarRecordsFailedAlarm",
            ]
        )
    }

    @Test func theLambdaPublishesEMFOnlyWithAlarms() throws {
        let variables = { (input: StackInput) throws -> JSONValue? in
            try Inputs.stackJSON(input)[path: "Resources", "BarFunction", "Properties", "Environment", "Variables"]
        }
        let plain = try #require(try variables(Inputs.stack()))
        #expect(plain["MODAL_BRIDGE_METRICS"] == nil)
        #expect(plain["MODAL_BRIDGE_METRICS_NAMESPACE"] == nil)
        let defaults = try #require(try variables(Self.input()))
        #expect(defaults["MODAL_BRIDGE_METRICS"] == "emf")
        // The bridge's default namespace is not repeated.
        #expect(defaults["MODAL_BRIDGE_METRICS_NAMESPACE"] == nil)
        let custom = try #require(
            try variables(Self.input { alarms, _ in alarms.namespace = Field("Team/Bridge", "--metrics-namespace") })
        )
        #expect(custom["MODAL_BRIDGE_METRICS"] == "emf")
        #expect(custom["MODAL_BRIDGE_METRICS_NAMESPACE"] == "Team/Bridge")
        let template = try Inputs.stackJSON(
            Self.input { alarms, _ in alarms.namespace = Field("Team/Bridge", "--metrics-namespace") }
        )
        #expect(template[path: "Resources", "BarRecordsFailedAlarm", "Properties", "Namespace"] == "Team/Bridge")
    }

    /// Every dead-letter or failure queue the stack creates gets an alarm on its visible messages, by queue name
    /// (`GetAtt QueueName`: a queue's `Ref` is its URL, which matches no SQS metric).
    @Test func everyCreatedFailureQueueIsWatchedByName() throws {
        let template = try Inputs.stackJSON(
            Self.input { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sns = SNSInput(name: "--sns")
                function.kinesis = StreamSourceTests.kinesis { _ in }
                function.dynamodb = StreamSourceTests.dynamodb()
            }
        )
        let alarms = Self.resources(template, ofType: "AWS::CloudWatch::Alarm")
        let queues: [(String, String)] = [
            ("BarDeadLetterQueue", "dead-letter-queue"), ("BarAsyncFailureQueue", "async-failure-queue"),
            ("BarKinesisFailureQueue", "kinesis-failure-queue"), ("BarDynamoDBFailureQueue", "dynamodb-failure-queue"),
        ]
        for (queue, suffix) in queues {
            #expect(template[path: "Resources", queue, "Type"] == "AWS::SQS::Queue", "\(queue)")
            let alarm = try #require(alarms[queue + "Alarm"], "\(queue)")
            #expect(alarm["Namespace"] == "AWS/SQS")
            #expect(alarm["MetricName"] == "ApproximateNumberOfMessagesVisible")
            #expect(alarm["Statistic"] == "Maximum")
            #expect(
                alarm["Dimensions"] == [["Name": "QueueName", "Value": ["Fn::GetAtt": [.string(queue), "QueueName"]]]]
            )
            #expect(alarm["AlarmName"] == ["Fn::Sub": .string("${AWS::StackName}-Bar-\(suffix)")])
            #expect(alarm["TreatMissingData"] == "notBreaching")
        }
        // The source queue itself is not a failure queue.
        #expect(alarms["BarQueueAlarm"] == nil)
        #expect(alarms.count == 6)
    }

    @Test func existingQueuesAndDestinationsGetNoQueueAlarm() throws {
        let template = try Inputs.stackJSON(
            Self.input { _, function in
                function.sqs = SQSInput(name: "--sqs")
                function.sqs?.queueARN = Field("arn:aws:sqs:us-east-1:123456789012:jobs", "--sqs-queue-arn")
                function.schedule = Field("rate(1 hour)", "--schedule")
                function.async = AsyncInput(name: "--async-on-failure-arn")
                function.async?.onFailureARN = Field(
                    "arn:aws:sqs:us-east-1:123456789012:failed",
                    "--async-on-failure-arn"
                )
            }
        )
        #expect(
            Self.resources(template, ofType: "AWS::CloudWatch::Alarm").keys.sorted() == [
                "BarErrorsAlarm", "BarRecordsFailedAlarm",
            ]
        )
    }

    @Test func aCreatedTopicWithEmailSubscriptions() throws {
        let template = try Inputs.stackJSON(
            Self.input { alarms, _ in
                alarms.emails = .flag("--alarm-email", ["oncall@example.com", "team+alerts@mail.example.org"])
            }
        )
        #expect(
            template[path: "Resources", "AlarmTopic"] == [
                "Type": "AWS::SNS::Topic", "Properties": ["DisplayName": "modal-bridge alarms"],
            ]
        )
        #expect(
            template[path: "Resources", "AlarmTopicEmail2", "Properties"]
                == ["Endpoint": "team+alerts@mail.example.org", "Protocol": "email", "TopicArn": ["Ref": "AlarmTopic"]]
        )
        #expect(template[path: "Resources", "AlarmTopicEmail1", "Properties", "Endpoint"] == "oncall@example.com")
        #expect(template[path: "Outputs", "AlarmTopicArn", "Value"] == ["Ref": "AlarmTopic"])
        #expect(template[path: "Rules", "AlarmTopicArnLocation"] == nil)
    }

    @Test(arguments: [false, true])
    func anExistingTopicIsAssertedToBeInTheStacksRegion(crossAccount: Bool) throws {
        let arn = "arn:aws:sns:eu-west-1:123456789012:ops-alarms"
        let template = try Inputs.stackJSON(
            Inputs.stack { stack, _ in
                stack.allowCrossAccount = crossAccount
                stack.alarms = AlarmsInput(name: "--alarms", emails: .flag("--alarm-email", []))
                stack.alarms?.topicARN = Field(arn, "--alarm-topic-arn")
                stack.alarms?.okActions = Field(false, "--no-alarm-ok-actions")
            }
        )
        #expect(template[path: "Resources", "AlarmTopic"] == nil)
        #expect(template[path: "Outputs", "AlarmTopicArn"] == nil)
        let alarm = try #require(template[path: "Resources", "BarErrorsAlarm", "Properties"])
        #expect(alarm["AlarmActions"] == [.string(arn)])
        #expect(alarm["OKActions"] == nil)
        let assertions = template[path: "Rules", "AlarmTopicArnLocation", "Assertions"]?.arrayValue ?? []
        let asserted = assertions.compactMap { $0[path: "Assert", "Fn::Equals"]?[0]?["Ref"]?.stringValue }
        #expect(
            asserted
                == (crossAccount
                    ? ["AWS::Partition", "AWS::Region"] : ["AWS::Partition", "AWS::Region", "AWS::AccountId"])
        )
        #expect(assertions.contains { $0[path: "Assert", "Fn::Equals"]?[1] == "eu-west-1" })
    }

    @Test func conditionsAreWhatWasAskedFor() throws {
        let template = try Inputs.stackJSON(
            Self.input { alarms, function in
                function.sqs = SQSInput(name: "--sqs")
                alarms.errors.threshold = Field(5, "--alarm-errors-threshold")
                alarms.errors.period = Field(60, "--alarm-errors-period")
                alarms.errors.evaluationPeriods = Field(1_440, "--alarm-errors-evaluation-periods")
                alarms.errors.datapointsToAlarm = Field(3, "--alarm-errors-datapoints")
                alarms.deadLetters.period = Field(3_600, "--alarm-dead-letters-period")
                alarms.deadLetters.evaluationPeriods = Field(168, "--alarm-dead-letters-evaluation-periods")
                alarms.failedRecords.threshold = Field(100, "--alarm-failed-records-threshold")
            }
        )
        let errors = try #require(template[path: "Resources", "BarErrorsAlarm", "Properties"])
        #expect(errors["Threshold"] == 5)
        #expect(errors["Period"] == 60)
        #expect(errors["EvaluationPeriods"] == 1_440)
        #expect(errors["DatapointsToAlarm"] == 3)
        let queue = try #require(template[path: "Resources", "BarDeadLetterQueueAlarm", "Properties"])
        #expect(queue["Period"] == 3_600)
        #expect(queue["EvaluationPeriods"] == 168)
        // DatapointsToAlarm defaults to every evaluated period (consecutive breaches).
        #expect(queue["DatapointsToAlarm"] == 168)
        #expect(template[path: "Resources", "BarRecordsFailedAlarm", "Properties", "Threshold"] == 100)
    }

    /// A 200-character id (the longest a derived id gets) and CloudFormation's longest stack name (128) stay within
    /// CloudWatch's 255 characters for every alarm name.
    @Test func alarmNamesStayWithinCloudWatchsLimit() throws {
        let template = try Inputs.stackJSON(
            Self.input { _, function in
                function.function = Field("f" + String(repeating: "x", count: 240), "--function")
                function.sqs = SQSInput(name: "--sqs")
                function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                function.dynamodb = StreamSourceTests.dynamodb()
                function.dynamodb?.onFailureARN = nil
            }
        )
        let alarms = Self.resources(template, ofType: "AWS::CloudWatch::Alarm")
        #expect(alarms.count == 5)
        for (id, alarm) in alarms {
            let name = try #require(alarm[path: "AlarmName", "Fn::Sub"]?.stringValue)
            let longest = name.replacingOccurrences(of: "${AWS::StackName}", with: String(repeating: "s", count: 128))
            #expect(longest.utf8.count <= AlarmsConfig.alarmNameLimit, "\(id): \(longest.utf8.count)")
        }
    }

    /// Ids derived from long function names (explicit ids have at most 64 characters) that share their first 100
    /// characters would give two alarms one name.
    @Test func idsAlikeInTheirFirstHundredCharactersAreRefused() {
        let stem = String(repeating: "x", count: 120)
        var input = Self.input { _, function in function.function = Field(stem + "_one", "functions[0].function") }
        var second = BridgedFunctionInput()
        second.app = Field("foo", "functions[1].app")
        second.function = Field(stem + "_two", "functions[1].function")
        second.idName = "functions[1].id"
        input.functions.append(second)
        let error = cfnError { _ = try StackSpec(input) }
        #expect(error?.code == .conflictingValue)
        #expect(
            error?.message.hasPrefix("functions[1].id: alarm names use the first 100 characters") == true,
            "\(error?.message ?? "no error")"
        )
        // Without alarms the same functions are fine.
        input.alarms = nil
        #expect(cfnError { _ = try StackSpec(input) } == nil)
    }

    // MARK: refused inputs

    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var code: CFNError.Code = .invalidValue
        var configure: @Sendable (inout AlarmsInput) -> Void
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(message: "--alarm-topic-arn: 'arn:aws:sqs:us-east-1:123456789012:ops' must be an ARN arn:PARTITION:sns:") {
            $0.topicARN = Field("arn:aws:sqs:us-east-1:123456789012:ops", "--alarm-topic-arn")
        },
        Case(message: "--alarm-topic-arn: 'arn:aws:sns:us-east-1:123456789012:ops.fifo' must be a standard SNS topic") {
            $0.topicARN = Field("arn:aws:sns:us-east-1:123456789012:ops.fifo", "--alarm-topic-arn")
        },
        Case(message: "--alarm-topic-arn: 'arn:aws:sns:us-east-1:12345:ops' must be") {
            $0.topicARN = Field("arn:aws:sns:us-east-1:12345:ops", "--alarm-topic-arn")
        },
        Case(message: "--alarm-email: applies only to the topic the stack creates", code: .conflictingValue) {
            $0.topicARN = Field("arn:aws:sns:us-east-1:123456789012:ops", "--alarm-topic-arn")
            $0.emails = .flag("--alarm-email", ["a@example.com"])
        },
        Case(message: "--alarm-email: 'oncall' must be an email address") {
            $0.emails = .flag("--alarm-email", ["oncall"])
        },
        Case(message: "--alarm-email: 'a b@example.com' must be an email address") {
            $0.emails = .flag("--alarm-email", ["a b@example.com"])
        },
        Case(message: "--alarm-email: 'a@localhost' must be an email address") {
            $0.emails = .flag("--alarm-email", ["a@localhost"])
        },
        Case(message: "--alarm-email: 'a@example.com' is given twice", code: .conflictingValue) {
            $0.emails = .flag("--alarm-email", ["a@example.com", "a@example.com"])
        },
        Case(message: "--alarm-email: at most 10 email subscriptions", code: .limitExceeded) {
            $0.emails = .flag("--alarm-email", (0..<11).map { "a\($0)@example.com" })
        },
        Case(message: "--metrics-namespace: 'AWS/Lambda' must be a CloudWatch namespace") {
            $0.namespace = Field("AWS/Lambda", "--metrics-namespace")
        },
        Case(message: "--metrics-namespace: '   ' must be a CloudWatch namespace") {
            $0.namespace = Field("   ", "--metrics-namespace")
        },
        Case(message: "--metrics-namespace: 'Team*Bridge' must be a CloudWatch namespace") {
            $0.namespace = Field("Team*Bridge", "--metrics-namespace")
        },
        Case(message: "--alarm-errors-threshold: '0' must be between 1 and 1000000") {
            $0.errors.threshold = Field(0, "--alarm-errors-threshold")
        },
        Case(message: "--alarm-errors-period: '90' must be a multiple of 60 between 60 and 86400") {
            $0.errors.period = Field(90, "--alarm-errors-period")
        },
        Case(message: "--alarm-dead-letters-period: '30' must be a multiple of 60") {
            $0.deadLetters.period = Field(30, "--alarm-dead-letters-period")
        },
        Case(message: "--alarm-failed-records-period: '172800' must be a multiple of 60 between 60 and 86400") {
            $0.failedRecords.period = Field(172_800, "--alarm-failed-records-period")
        },
        Case(message: "--alarm-errors-evaluation-periods: '0' must be at least 1") {
            $0.errors.evaluationPeriods = Field(0, "--alarm-errors-evaluation-periods")
        },
        // Under an hour, at most a day of periods: 300 s × 289 is over.
        Case(
            message:
                "--alarm-errors-evaluation-periods: '289' must be at least 1, and times the period (300 s) at most 86400 s"
        ) {
            $0.errors.evaluationPeriods = Field(289, "--alarm-errors-evaluation-periods")
        },
        // An hour or more, at most seven days: 3600 s × 169 is over.
        Case(
            message:
                "--alarm-dead-letters-evaluation-periods: '169' must be at least 1, and times the period (3600 s) at most 604800 s"
        ) {
            $0.deadLetters.period = Field(3_600, "--alarm-dead-letters-period")
            $0.deadLetters.evaluationPeriods = Field(169, "--alarm-dead-letters-evaluation-periods")
        },
        Case(message: "--alarm-failed-records-evaluation-periods: '9223372036854775807' must be at least 1") {
            $0.failedRecords.evaluationPeriods = Field(Int.max, "--alarm-failed-records-evaluation-periods")
        },
        Case(message: "--alarm-errors-datapoints: '3' must be between 1 and 2") {
            $0.errors.evaluationPeriods = Field(2, "--alarm-errors-evaluation-periods")
            $0.errors.datapointsToAlarm = Field(3, "--alarm-errors-datapoints")
        },
        Case(message: "--alarm-failed-records-datapoints: '2' must be between 1 and 1") {
            $0.failedRecords.datapointsToAlarm = Field(2, "--alarm-failed-records-datapoints")
        },
    ]

    @Test(arguments: cases)
    func refused(_ testCase: Case) {
        let error = cfnError { _ = try StackSpec(Self.input { alarms, _ in testCase.configure(&alarms) }) }
        #expect(error?.code == testCase.code, "\(error?.message ?? "no error")")
        #expect(error?.message.hasPrefix(testCase.message) == true, "\(error?.message ?? "no error")")
    }

    // MARK: configuration file

    @Test func configAndFlagsMakeTheSameAlarms() throws {
        let config = #"""
            {"workspace": "ac-1", "environment": "main",
             "alarms": {"email": ["a@example.com"], "namespace": "Team/Bridge", "okActions": false,
                        "errors": {"threshold": 2, "period": 120, "evaluationPeriods": 3, "datapointsToAlarm": 2},
                        "deadLetters": {"threshold": 4}, "failedRecords": {"period": 600}},
             "functions": [{"app": "foo", "function": "bar", "events": {"sqs": true}}]}
            """#
        let fromConfig = try StackTemplate.make(config: Array(config.utf8)).rendered()
        let input = Self.input { alarms, function in
            function.sqs = SQSInput(name: "--sqs")
            alarms.emails = .flag("--alarm-email", ["a@example.com"])
            alarms.namespace = Field("Team/Bridge", "--metrics-namespace")
            alarms.okActions = Field(false, "--no-alarm-ok-actions")
            alarms.errors.threshold = Field(2, "--alarm-errors-threshold")
            alarms.errors.period = Field(120, "--alarm-errors-period")
            alarms.errors.evaluationPeriods = Field(3, "--alarm-errors-evaluation-periods")
            alarms.errors.datapointsToAlarm = Field(2, "--alarm-errors-datapoints")
            alarms.deadLetters.threshold = Field(4, "--alarm-dead-letters-threshold")
            alarms.failedRecords.period = Field(600, "--alarm-failed-records-period")
        }
        #expect(fromConfig == (try StackTemplate.make(try StackSpec(input)).rendered()))
        // `"alarms": true` is every default.
        let switched = #"""
            {"workspace": "ac-1", "environment": "main", "alarms": true, "functions": [{"app": "foo", "function": "bar"}]}
            """#
        #expect(
            try StackTemplate.make(config: Array(switched.utf8)).rendered()
                == (try StackTemplate.make(try StackSpec(Self.input())).rendered())
        )
    }

    @Test(
        arguments: [
            (#""alarms": {"emails": "a@example.com"}"#, "alarms.emails: unknown key; expected one of email, topicArn"),
            (
                #""alarms": {"errors": {"treshold": 2}}"#,
                "alarms.errors.treshold: unknown key; expected one of threshold"
            ),
            (#""alarms": {"errors": {"period": "5m"}}"#, "alarms.errors.period: must be an integer"),
            (#""alarms": {"deadLetters": {"period": 45}}"#, "alarms.deadLetters.period: '45' must be a multiple of 60"),
            (#""alarms": "yes""#, "alarms: must be a JSON object"),
            (#""alarms": {"okActions": "no"}"#, "alarms.okActions: must be true or false"),
        ]
    )
    func configErrorsNameThePath(entry: String, message: String) {
        let config =
            #"{"workspace": "ac-1", "environment": "main", "#
            + entry + #", "functions": [{"app": "foo", "function": "bar"}]}"#
        let error = cfnError { _ = try StackTemplate.make(config: Array(config.utf8)) }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    // MARK: the binary

    /// Bad alarm input on the command line: exit 65, nothing on stdout, one line naming the flag and the rule.
    @Test(
        arguments: [
            (["--alarm-errors-period", "90"], "--alarm-errors-period: '90' must be a multiple of 60"),
            (["--alarms", "--alarm-email", "oncall"], "--alarm-email: 'oncall' must be an email address"),
            (
                ["--alarm-topic-arn", "arn:aws:sns:us-east-1:123456789012:ops", "--alarm-email", "a@example.com"],
                "--alarm-email: applies only to the topic the stack creates"
            ),
            (
                ["--metrics-namespace", "AWS/Lambda"],
                "--metrics-namespace: 'AWS/Lambda' must be a CloudWatch namespace"
            ),
        ]
    )
    func badAlarmFlagsExit65WithOneLine(flags: [String], message: String) async throws {
        let run = try await runCommand(
            try CLISmokeTests.binary(),
            ["cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar"]
                + flags
        )
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("modal-bridge cfn stack: error: \(message)"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test func alarmFlagsMakeTheLibrarysTemplate() async throws {
        let run = try await runCommand(
            try CLISmokeTests.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--sqs", "--alarm-email", "a@example.com", "--metrics-namespace", "Team/Bridge",
                "--no-alarm-ok-actions", "--alarm-errors-threshold", "3", "--alarm-dead-letters-evaluation-periods",
                "2", "--alarm-failed-records-datapoints", "1",
            ]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let input = Self.input { alarms, function in
            function.sqs = SQSInput(name: "--sqs")
            alarms.emails = .flag("--alarm-email", ["a@example.com"])
            alarms.namespace = Field("Team/Bridge", "--metrics-namespace")
            alarms.okActions = Field(false, "--alarm-ok-actions")
            alarms.errors.threshold = Field(3, "--alarm-errors-threshold")
            alarms.deadLetters.evaluationPeriods = Field(2, "--alarm-dead-letters-evaluation-periods")
            alarms.failedRecords.datapointsToAlarm = Field(1, "--alarm-failed-records-datapoints")
        }
        let expected = try StackTemplate.make(try StackSpec(input)).rendered()
        #expect(run.stdout == String(decoding: expected, as: UTF8.self))
    }

    @Test func alarmFlagsCannotBeCombinedWithAConfig() async throws {
        let run = try await runCommand(
            try CLISmokeTests.binary(),
            [
                "cfn", "stack", "--config",
                RepositoryPaths.infra.appendingPathComponent("config/monitored.stack.json").path,
                "--alarm-errors-threshold", "3",
            ]
        )
        #expect(run.status != 0)
        #expect(run.stderr.contains("--config cannot be combined with stack options"), "\(run.stderr)")
    }
}

extension TemplateCatalog {
    /// Alarms on every failure queue kind, an existing topic in the stack's region, a custom namespace and
    /// conditions, OK notifications off (the created-topic case is `infra/config/monitored.stack.json`).
    static func alarms() -> StackInput {
        AlarmTests.input { alarms, function in
            alarms.topicARN = Field("arn:aws:sns:us-east-1:123456789012:ops-alarms", "--alarm-topic-arn")
            alarms.namespace = Field("Team/Modal Bridge", "--metrics-namespace")
            alarms.okActions = Field(false, "--no-alarm-ok-actions")
            alarms.errors.period = Field(3_600, "--alarm-errors-period")
            alarms.errors.evaluationPeriods = Field(24, "--alarm-errors-evaluation-periods")
            alarms.errors.datapointsToAlarm = Field(2, "--alarm-errors-datapoints")
            function.sqs = SQSInput(name: "--sqs")
            function.sqs?.fifo = Field(true, "--sqs-fifo")
            function.schedule = Field("rate(1 hour)", "--schedule")
            function.kinesis = StreamSourceTests.kinesis()
            function.dynamodb = StreamSourceTests.dynamodb()
        }
    }
}
