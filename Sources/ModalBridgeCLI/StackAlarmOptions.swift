import ArgumentParser
import CFNTemplates

/// The CloudWatch alarm flags of `cfn stack` (any of them turns the alarms on).
struct StackAlarmOptions: ParsableArguments {
    @Flag(
        help: """
            Add CloudWatch alarms on the Lambda's errors, the created dead-letter and failure queues and the bridge's \
            RecordsFailed metric (sets MODAL_BRIDGE_METRICS=emf), notifying an SNS topic.
            """
    )
    var alarms = false

    @Option(
        help: ArgumentHelp("Notify this existing SNS topic (same region) instead of creating one.", valueName: "arn")
    )
    var alarmTopicArn: String?

    @Option(help: ArgumentHelp("Subscribe this address to the created topic (repeatable).", valueName: "email"))
    var alarmEmail: [String] = []

    @Option(
        help: ArgumentHelp(
            "CloudWatch namespace of the bridge's EMF metrics (default ModalBridge).",
            valueName: "namespace"
        )
    )
    var metricsNamespace: String?

    @Flag(inversion: .prefixedNo, help: "Also notify when an alarm returns to OK (default on).")
    var alarmOkActions: Bool?

    @Option(help: ArgumentHelp("Lambda errors that fire the alarm (default 1).", valueName: "n"))
    var alarmErrorsThreshold: Int?

    @Option(help: ArgumentHelp("Period of the errors alarm, a multiple of 60 (default 300).", valueName: "s"))
    var alarmErrorsPeriod: Int?

    @Option(help: ArgumentHelp("Periods the errors alarm evaluates (default 1).", valueName: "n"))
    var alarmErrorsEvaluationPeriods: Int?

    @Option(help: ArgumentHelp("Breaching periods that fire the errors alarm (default: all).", valueName: "n"))
    var alarmErrorsDatapoints: Int?

    @Option(
        help: ArgumentHelp("Visible messages in a dead-letter/failure queue that fire (default 1).", valueName: "n")
    )
    var alarmDeadLettersThreshold: Int?

    @Option(help: ArgumentHelp("Period of the queue alarms, a multiple of 60 (default 300).", valueName: "s"))
    var alarmDeadLettersPeriod: Int?

    @Option(help: ArgumentHelp("Periods the queue alarms evaluate (default 1).", valueName: "n"))
    var alarmDeadLettersEvaluationPeriods: Int?

    @Option(help: ArgumentHelp("Breaching periods that fire a queue alarm (default: all).", valueName: "n"))
    var alarmDeadLettersDatapoints: Int?

    @Option(help: ArgumentHelp("Failed records that fire the RecordsFailed alarm (default 1).", valueName: "n"))
    var alarmFailedRecordsThreshold: Int?

    @Option(help: ArgumentHelp("Period of the RecordsFailed alarm, a multiple of 60 (default 300).", valueName: "s"))
    var alarmFailedRecordsPeriod: Int?

    @Option(help: ArgumentHelp("Periods the RecordsFailed alarm evaluates (default 1).", valueName: "n"))
    var alarmFailedRecordsEvaluationPeriods: Int?

    @Option(help: ArgumentHelp("Breaching periods that fire the RecordsFailed alarm (default: all).", valueName: "n"))
    var alarmFailedRecordsDatapoints: Int?

    var isUsed: Bool { input != nil }

    /// The alarms the flags describe, `nil` when no alarm flag is given.
    var input: AlarmsInput? {
        var input = AlarmsInput(name: "--alarms", emails: .flag("--alarm-email", alarmEmail))
        input.topicARN = alarmTopicArn.field("--alarm-topic-arn")
        input.namespace = metricsNamespace.field("--metrics-namespace")
        input.okActions = alarmOkActions.map { Field($0, "--alarm-ok-actions") }
        input.errors = Self.condition(
            "errors",
            alarmErrorsThreshold,
            alarmErrorsPeriod,
            alarmErrorsEvaluationPeriods,
            alarmErrorsDatapoints
        )
        input.deadLetters = Self.condition(
            "dead-letters",
            alarmDeadLettersThreshold,
            alarmDeadLettersPeriod,
            alarmDeadLettersEvaluationPeriods,
            alarmDeadLettersDatapoints
        )
        input.failedRecords = Self.condition(
            "failed-records",
            alarmFailedRecordsThreshold,
            alarmFailedRecordsPeriod,
            alarmFailedRecordsEvaluationPeriods,
            alarmFailedRecordsDatapoints
        )
        let values: [Int?] = [
            alarmErrorsThreshold, alarmErrorsPeriod, alarmErrorsEvaluationPeriods, alarmErrorsDatapoints,
            alarmDeadLettersThreshold, alarmDeadLettersPeriod, alarmDeadLettersEvaluationPeriods,
            alarmDeadLettersDatapoints, alarmFailedRecordsThreshold, alarmFailedRecordsPeriod,
            alarmFailedRecordsEvaluationPeriods, alarmFailedRecordsDatapoints,
        ]
        let given =
            alarms || alarmTopicArn != nil || !alarmEmail.isEmpty || metricsNamespace != nil || alarmOkActions != nil
            || values.contains { $0 != nil }
        return given ? input : nil
    }

    private static func condition(
        _ name: String,
        _ threshold: Int?,
        _ period: Int?,
        _ evaluationPeriods: Int?,
        _ datapoints: Int?
    ) -> AlarmThresholdInput {
        var condition = AlarmThresholdInput()
        condition.threshold = threshold.field("--alarm-\(name)-threshold")
        condition.period = period.field("--alarm-\(name)-period")
        condition.evaluationPeriods = evaluationPeriods.field("--alarm-\(name)-evaluation-periods")
        condition.datapointsToAlarm = datapoints.field("--alarm-\(name)-datapoints")
        return condition
    }
}
