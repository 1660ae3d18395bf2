import JSON

extension FunctionBuilder {
    /// A queue the stack created for what failed (the SQS source's dead-letter queue, an on-failure destination
    /// queue): its alarm's id and name come from `suffix`; `what` describes it in the alarm.
    struct FailureQueue {
        var id: LogicalID
        var nameSuffix: String
        var what: String
    }

    /// One metric alarm.
    private struct Alarm {
        var id: LogicalID
        var nameSuffix: String
        var description: String
        var namespace: String
        var metric: String
        var statistic: String
        var dimension: (name: String, value: JSONValue)
        var condition: AlarmThreshold
    }

    /// The function's alarms: Lambda `Errors`, the bridge's `RecordsFailed` (EMF, dimension `FunctionName`), and the
    /// visible messages of every failure queue the stack created for it. Missing data means health: no invocations,
    /// no failed records, an idle queue.
    func addAlarms(_ alarms: AlarmsConfig, to template: inout Template) throws(CFNError) {
        let target = "\(function.app.value)/\(function.function.value)"
        var list = [
            Alarm(
                id: function.id.appending("ErrorsAlarm"),
                nameSuffix: "errors",
                description: "modal-bridge for \(target): the Lambda's invocations failed",
                namespace: "AWS/Lambda",
                metric: "Errors",
                statistic: "Sum",
                dimension: ("FunctionName", Fn.ref(functionID)),
                condition: alarms.errors
            ),
            Alarm(
                id: function.id.appending("RecordsFailedAlarm"),
                nameSuffix: "records-failed",
                description: "modal-bridge for \(target): records the bridge could not hand to Modal (RecordsFailed)",
                namespace: alarms.namespace,
                metric: "RecordsFailed",
                statistic: "Sum",
                dimension: ("FunctionName", Fn.ref(functionID)),
                condition: alarms.failedRecords
            ),
        ]
        for queue in failureQueues {
            list.append(
                Alarm(
                    id: queue.id.appending("Alarm"),
                    nameSuffix: queue.nameSuffix,
                    description: "modal-bridge for \(target): messages wait in \(queue.what)",
                    namespace: "AWS/SQS",
                    metric: "ApproximateNumberOfMessagesVisible",
                    statistic: "Maximum",
                    dimension: ("QueueName", Fn.getAtt(queue.id, "QueueName")),
                    condition: alarms.deadLetters
                )
            )
        }
        let actions = alarms.actions(topicID: StackTemplate.alarmTopicID)
        for alarm in list {
            let condition = alarm.condition
            var properties: JSONObject = [
                "ActionsEnabled": true,
                "AlarmActions": actions,
                "AlarmDescription": .string(
                    "\(alarm.description): \(condition.summary)".truncated(to: 1_024)
                ),
                "AlarmName": Fn.sub(
                    "${AWS::StackName}-"
                        + .literal("\(AlarmsConfig.alarmNameBase(function.id))-\(alarm.nameSuffix)")
                ),
                "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "DatapointsToAlarm": .integer(condition.datapointsToAlarm),
                "Dimensions": [["Name": .string(alarm.dimension.name), "Value": alarm.dimension.value]],
                "EvaluationPeriods": .integer(condition.evaluationPeriods),
                "MetricName": .string(alarm.metric),
                "Namespace": .string(alarm.namespace),
                "Period": .integer(condition.period),
                "Statistic": .string(alarm.statistic),
                "Threshold": .integer(condition.threshold),
                "TreatMissingData": "notBreaching",
            ]
            if alarms.okActions { properties["OKActions"] = actions }
            try template.add(
                resource: TemplateResource(type: "AWS::CloudWatch::Alarm", properties: properties),
                as: alarm.id
            )
        }
    }
}

extension AlarmThreshold {
    /// "at least 1 in 1 of 1 periods of 300 s".
    var summary: String {
        "fires at \(threshold) or more in \(datapointsToAlarm) of \(evaluationPeriods) periods of \(period) s"
    }
}
