import JSON

/// Validated CloudWatch alarms of a stack. Every function gets an alarm on its Lambda `Errors`, one on the
/// `ApproximateNumberOfMessagesVisible` of each dead-letter or failure queue the stack creates for it, and one on the
/// bridge's `RecordsFailed` EMF metric; all notify one SNS topic (created, or an existing one in the stack's region).
package struct AlarmsConfig: Sendable, Hashable {
    /// Where notifications go.
    package enum Topic: Sendable, Hashable {
        /// A topic the stack creates, with these email subscriptions.
        case created(emails: [String])
        /// An existing standard topic of the stack's region.
        case existing(arn: String)
    }

    /// The namespace the bridge publishes to when `MODAL_BRIDGE_METRICS_NAMESPACE` is not set.
    package static let defaultNamespace = "ModalBridge"
    /// CloudWatch's limit on an alarm name.
    package static let alarmNameLimit = 255
    /// How much of a function's logical id an alarm name keeps (with the stack name of up to 128 characters and
    /// the longest suffix, the name stays within ``alarmNameLimit``).
    package static let alarmNameIDPrefix = 100
    /// The most email subscriptions the created topic gets.
    package static let emailLimit = 10

    package var topic: Topic
    package var namespace: String
    package var okActions: Bool
    package var errors: AlarmThreshold
    package var deadLetters: AlarmThreshold
    package var failedRecords: AlarmThreshold

    init(_ input: AlarmsInput) throws(CFNError) {
        switch (input.topicARN, input.emails.values.first) {
        case (_?, let email?):
            throw .conflicting(
                email.name,
                "applies only to the topic the stack creates; subscribe the address to the existing topic yourself"
            )
        case (let arn?, nil):
            topic = .existing(arn: try Self.topicARN(arn))
        case (nil, _):
            if input.emails.values.count > Self.emailLimit {
                throw .limit(input.emails.name, "at most \(Self.emailLimit) email subscriptions (use a mailing list)")
            }
            topic = .created(emails: try input.emails.validated(Self.email))
        }
        namespace = try input.namespace.map(Self.namespace) ?? Self.defaultNamespace
        okActions = input.okActions?.value ?? true
        errors = try AlarmThreshold(input.errors)
        deadLetters = try AlarmThreshold(input.deadLetters)
        failedRecords = try AlarmThreshold(input.failedRecords)
    }

    /// The part of a function's alarm names that comes from its logical id.
    static func alarmNameBase(_ id: LogicalID) -> String { String(id.value.prefix(alarmNameIDPrefix)) }

    /// The alarm actions: the created topic (`topicID`) or the existing one.
    func actions(topicID: LogicalID) -> JSONValue {
        switch topic {
        case .created: [Fn.ref(topicID)]
        case .existing(let arn): [.string(arn)]
        }
    }

    private static func topicARN(_ field: Field<String>) throws(CFNError) -> String {
        if field.value.hasSuffix(".fifo") {
            throw .invalid(
                field.name,
                field.value,
                "must be a standard SNS topic (CloudWatch cannot notify FIFO topics)"
            )
        }
        return try AWSNameRules.regionalARN(field, service: "sns") { name in
            (1...256).contains(name.utf8.count)
                && name.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        }
    }

    /// Characters an unquoted email local part cannot hold.
    private static let emailSpecials = Set(#"()<>[]\,;:""#.unicodeScalars)

    private static func email(_ field: Field<String>) throws(CFNError) -> String {
        let parts = field.value.split(separator: "@", omittingEmptySubsequences: false)
        let labels = parts.count == 2 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
        guard field.value.utf8.count <= 254, parts.count == 2, (1...64).contains(parts[0].utf8.count),
            parts[0].unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && !Self.emailSpecials.contains($0) }
            ),
            labels.count >= 2,
            labels.allSatisfy({ label in
                (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }
            })
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be an email address LOCAL@DOMAIN (ASCII, a domain with a dot; SNS email subscriptions)"
            )
        }
        return field.value
    }

    private static func namespace(_ field: Field<String>) throws(CFNError) -> String {
        let allowed = Set("._-/#: ".utf8)
        guard (1...255).contains(field.value.utf8.count),
            field.value.utf8.allSatisfy({ $0.isASCIIAlphanumeric || allowed.contains($0) }),
            field.value.utf8.contains(where: { $0 != UInt8(ascii: " ") }), !field.value.hasPrefix("AWS/")
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be a CloudWatch namespace: 1–255 of letters, digits, '.', '-', '_', '/', '#', ':' and spaces, "
                    + "not only spaces, not starting with AWS/"
            )
        }
        return field.value
    }
}

/// A validated alarm condition: at least `threshold` in `datapointsToAlarm` of the last `evaluationPeriods` periods
/// of `period` seconds. Defaults: 1 in 1 of 1 period of 5 minutes (any error, failed record or dead letter notifies).
package struct AlarmThreshold: Sendable, Hashable {
    package var threshold: Int
    package var period: Int
    package var evaluationPeriods: Int
    package var datapointsToAlarm: Int

    init(_ input: AlarmThresholdInput) throws(CFNError) {
        threshold =
            try input.threshold.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 1...1_000_000, "a count the alarm fires at")
            } ?? 1
        var period = 300
        if let field = input.period {
            guard (60...86_400).contains(field.value), field.value % 60 == 0 else {
                throw .invalid(
                    field.name,
                    String(field.value),
                    "must be a multiple of 60 between 60 and 86400 (seconds; the metrics have one-minute resolution)"
                )
            }
            period = field.value
        }
        var evaluationPeriods = 1
        if let field = input.evaluationPeriods {
            let limit = period < 3_600 ? 86_400 : 604_800
            guard field.value >= 1, field.value <= limit / period else {
                throw .invalid(
                    field.name,
                    String(field.value),
                    "must be at least 1, and times the period (\(period) s) at most \(limit) s (CloudWatch evaluates "
                        + "at most one day of periods under an hour, seven days otherwise)"
                )
            }
            evaluationPeriods = field.value
        }
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        datapointsToAlarm =
            try input.datapointsToAlarm.map { field throws(CFNError) in
                try AWSNameRules.integer(
                    field,
                    in: 1...evaluationPeriods,
                    "breaching periods of the evaluation periods"
                )
            } ?? evaluationPeriods
    }
}
