/// CloudWatch alarms for every function of the stack: Lambda errors, the visible messages of each dead-letter and
/// failure queue the stack creates, and the bridge's `RecordsFailed` metric (which turns the bridge's EMF output on).
package struct AlarmsInput: Sendable {
    /// The field errors about the alarms as a whole use (`--alarms`, `alarms`).
    package var name: String
    /// Notify this existing SNS topic instead of a topic the stack creates.
    package var topicARN: Field<String>?
    /// Email addresses subscribed to the created topic.
    package var emails: FieldList
    /// The CloudWatch namespace of the bridge's EMF metrics (default `ModalBridge`).
    package var namespace: Field<String>?
    /// Also notify when an alarm returns to OK (default on).
    package var okActions: Field<Bool>?
    package var errors = AlarmThresholdInput()
    package var deadLetters = AlarmThresholdInput()
    package var failedRecords = AlarmThresholdInput()

    package init(name: String, emails: FieldList) {
        self.name = name
        self.emails = emails
    }
}

/// When one alarm fires: at least `threshold` in `datapointsToAlarm` of the last `evaluationPeriods` periods of
/// `period` seconds.
package struct AlarmThresholdInput: Sendable {
    package var threshold: Field<Int>?
    package var period: Field<Int>?
    package var evaluationPeriods: Field<Int>?
    package var datapointsToAlarm: Field<Int>?

    package init() {}
}
