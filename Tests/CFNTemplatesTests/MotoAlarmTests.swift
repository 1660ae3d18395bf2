import JSON
import Testing

/// The alarms of `infra/templates/monitored.stack.json` on moto. moto's CloudFormation skips
/// `AWS::CloudWatch::Alarm` and `AWS::SNS::Subscription`, so moto_deploy.py resolves each one against the deployed
/// stack and puts it through CloudWatch's and SNS's own APIs (botocore checks names and types against the service
/// model); these tests check that every alarm watches what the stack really created and notifies the real topic.
@Suite("moto deploy: alarms")
struct MotoAlarmTests {
    @Test func everyAlarmWatchesADeployedResourceAndNotifiesTheTopic() async throws {
        let result = try await MotoDeployTests.deploy(["mon=monitored.stack.json"])
        let stack = try #require(result[path: "stacks", "mon"])
        #expect(stack["status"] == "CREATE_COMPLETE")
        let topic = try #require(stack[path: "topics", "AlarmTopic", "arn"])
        #expect(stack[path: "topics", "AlarmTopic", "subscriptions"] == [["email", "oncall@example.com"]])
        #expect(stack[path: "outputs", "AlarmTopicArn"] == topic)
        let alarms = try #require(stack["alarms"]?.objectValue)
        #expect(
            alarms.map(\.0).sorted() == [
                "ClicksErrorsAlarm", "ClicksKinesisFailureQueueAlarm", "ClicksRecordsFailedAlarm",
                "ResizeAsyncFailureQueueAlarm", "ResizeDeadLetterQueueAlarm", "ResizeErrorsAlarm",
                "ResizeRecordsFailedAlarm",
            ]
        )
        for (id, alarm) in alarms {
            #expect(alarm["AlarmActions"] == [topic], "\(id)")
            #expect(alarm["OKActions"] == [topic], "\(id)")
            #expect(alarm["ActionsEnabled"] == true, "\(id)")
            #expect(alarm["TreatMissingData"] == "notBreaching", "\(id)")
            #expect(alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold", "\(id)")
            #expect(alarm["AlarmName"]?.stringValue?.hasPrefix("mon-") == true, "\(id)")
        }
        for function in ["Resize", "Clicks"] {
            // The Lambda's name as CloudFormation made it, read back from Lambda through its ARN output.
            let arn = try #require(stack[path: "outputs", "\(function)FunctionArn"]?.stringValue)
            let name = try #require(arn.split(separator: ":").last.map(String.init))
            let dimensions: JSONValue = [["Name": "FunctionName", "Value": .string(name)]]
            let errors = try #require(alarms["\(function)ErrorsAlarm"])
            #expect(errors["Namespace"] == "AWS/Lambda")
            #expect(errors["MetricName"] == "Errors")
            #expect(errors["Dimensions"] == dimensions)
            #expect(errors["Threshold"]?.numberValue?.doubleValue == 5)
            #expect(errors["Period"] == 60)
            #expect(errors["EvaluationPeriods"] == 5)
            #expect(errors["DatapointsToAlarm"] == 3)
            // The EMF contract: the namespace the Lambda is told, RecordsFailed, [FunctionName] = its name.
            let failed = try #require(alarms["\(function)RecordsFailedAlarm"])
            let environment = stack[path: "functions", "\(function)Function", "environment"]
            #expect(environment?["MODAL_BRIDGE_METRICS"] == "emf")
            #expect(environment?["MODAL_BRIDGE_METRICS_NAMESPACE"] == "Acme/ModalBridge")
            #expect(failed["Namespace"] == "Acme/ModalBridge")
            #expect(failed["MetricName"] == "RecordsFailed")
            #expect(failed["Dimensions"] == dimensions)
            #expect(failed["Threshold"]?.numberValue?.doubleValue == 10)
            #expect(failed["EvaluationPeriods"] == 2)
        }
        // Each queue alarm names a queue the stack created, by its name (a URL would match no metric).
        let queues: [(String, String)] = [
            ("ResizeDeadLetterQueueAlarm", "ResizeDeadLetterQueue"),
            ("ResizeAsyncFailureQueueAlarm", "ResizeAsyncFailureQueue"),
            ("ClicksKinesisFailureQueueAlarm", "ClicksKinesisFailureQueue"),
        ]
        for (alarmID, queueID) in queues {
            let alarm = try #require(alarms[alarmID])
            let queueARN = try #require(stack[path: "queues", queueID, "QueueArn"]?.stringValue, "\(queueID)")
            let queueName = try #require(queueARN.split(separator: ":").last.map(String.init))
            #expect(alarm["Namespace"] == "AWS/SQS", "\(alarmID)")
            #expect(alarm["MetricName"] == "ApproximateNumberOfMessagesVisible", "\(alarmID)")
            #expect(alarm["Statistic"] == "Maximum", "\(alarmID)")
            #expect(alarm["Dimensions"] == [["Name": "QueueName", "Value": .string(queueName)]], "\(alarmID)")
            #expect(alarm["Threshold"]?.numberValue?.doubleValue == 1, "\(alarmID)")
            #expect(alarm["Period"] == 300, "\(alarmID)")
        }
    }
}
