package import JSON

/// What a string-valued carrier (an SQS `body`, an SNS `Message`) holds once decoded through the envelopes AWS
/// nests: S3 → SQS (body = S3 JSON), S3 → SNS (Message = S3 JSON), S3 → SNS → SQS (body = SNS envelope whose
/// Message = S3 JSON), EventBridge → SQS (body = EventBridge envelope), and the S3 test event anywhere S3 JSON goes.
package enum NestedContent: Sendable {
    case s3(S3Notification)
    case s3TestEvent(S3TestEvent)
    /// An SNS envelope (SNS → SQS) and what its `Message` holds.
    indirect case sns(SNSMessage, inner: NestedContent)
    case eventBridge(EventBridgeEvent)
    /// Some other JSON value.
    case json(JSONValue)
    /// Not JSON, or not decoded because the depth limit was reached.
    case text(String)

    /// Decodes `text` as JSON and recognises known envelopes, following SNS envelopes inward; each JSON decode
    /// counts one level and nothing is decoded once `maxDepth` levels are used (the text stays `.text`).
    package static func decode(_ text: String, maxDepth: Int) -> NestedContent {
        guard maxDepth > 0, let value = try? JSONValue(parsing: text) else { return .text(text) }
        if let notification = S3Notification(value) { return .s3(notification) }
        if let testEvent = S3TestEvent(value) { return .s3TestEvent(testEvent) }
        if let envelope = SNSMessage(envelope: value) {
            return .sns(envelope, inner: envelope.content(maxDepth: maxDepth - 1))
        }
        if let event = EventBridgeEvent(value) { return .eventBridge(event) }
        return .json(value)
    }

    /// True when this is an S3 test event, directly or inside SNS envelopes.
    package var isS3TestEvent: Bool {
        switch self {
        case .s3TestEvent: return true
        case .sns(_, let inner): return inner.isS3TestEvent
        default: return false
        }
    }
}
