import JSON

extension StackTemplate {
    package static let alarmTopicID = LogicalID(known: "AlarmTopic")

    /// The topic the alarms notify: a created one (with its email subscriptions and its ARN as output), or an
    /// existing one, which CloudWatch can only reach in the stack's own region (and, unless cross-account is
    /// allowed, account): a `Rules` entry stops a deploy anywhere else.
    static func addAlarmTopic(_ template: inout Template, _ spec: StackSpec, _ alarms: AlarmsConfig) throws(CFNError) {
        switch alarms.topic {
        case .existing(let arn):
            guard let parts = ExternalARN(arn) else { return }
            try template.add(
                rule: parts.rule(checkRegion: true, checkAccount: !spec.allowCrossAccount, what: "The alarm topic"),
                as: LogicalID(known: "AlarmTopicArnLocation")
            )
        case .created(let emails):
            // Not encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
            try template.add(
                resource: TemplateResource(
                    type: "AWS::SNS::Topic",
                    properties: ["DisplayName": "modal-bridge alarms"]
                ),
                as: alarmTopicID
            )
            for (index, email) in emails.enumerated() {
                try template.add(
                    resource: TemplateResource(
                        type: "AWS::SNS::Subscription",
                        properties: ["Endpoint": .string(email), "Protocol": "email", "TopicArn": Fn.ref(alarmTopicID)]
                    ),
                    as: LogicalID(known: "AlarmTopicEmail\(index + 1)")
                )
            }
            try template.add(
                output: TemplateOutput(
                    description: "Topic the modal-bridge alarms notify (email subscribers confirm by mail first)",
                    value: Fn.ref(alarmTopicID)
                ),
                as: LogicalID(known: "AlarmTopicArn")
            )
        }
    }
}
