import Foundation

/// The event fixtures in the top-level `events/` folder and what each one must produce. Every fixture file must have
/// an entry in `expectations` and every entry a file (tests check both ways), so a new fixture cannot go untested.
package enum EventFixtures {
    /// What a valid fixture must produce.
    package struct Expectation: Sendable, Hashable {
        /// The `EventKind` raw value it is classified as.
        package var kind: String
        /// Calls made in `event` mode (0 for `s3:TestEvent`-only events and ALB health checks).
        package var eventCalls: Int
        /// The `type` of each payload sent in `record` mode, sorted (`raw` for an event forwarded unchanged).
        package var recordPayloadTypes: [String]

        package init(_ kind: String, eventCalls: Int = 1, record recordPayloadTypes: [String]) {
            self.kind = kind
            self.eventCalls = eventCalls
            self.recordPayloadTypes = recordPayloadTypes.sorted()
        }
    }

    /// File name (in `events/`) → expectation.
    package static let expectations: [String: Expectation] = [
        "s3-put.json": Expectation("s3", record: ["s3"]),
        "s3-put-encoded-keys.json": Expectation("s3", record: ["s3", "s3", "s3"]),
        "s3-delete.json": Expectation("s3", record: ["s3", "s3"]),
        "s3-multipart-large.json": Expectation("s3", record: ["s3"]),
        "s3-test-event.json": Expectation("s3-test-event", eventCalls: 0, record: []),
        "s3-eventbridge-object-created.json": Expectation("s3-eventbridge", record: ["s3"]),
        "s3-eventbridge-object-deleted.json": Expectation("s3-eventbridge", record: ["s3"]),
        "sqs.json": Expectation("sqs", record: ["sqs", "sqs", "sqs"]),
        "sqs-fifo.json": Expectation("sqs", record: ["sqs", "sqs", "sqs", "sqs"]),
        "sqs-s3.json": Expectation("sqs", record: ["s3", "s3", "s3", "s3"]),
        "sqs-s3-test-event.json": Expectation("sqs", eventCalls: 0, record: []),
        "sqs-sns-s3.json": Expectation("sqs", record: ["s3"]),
        "sqs-sns.json": Expectation("sqs", record: ["sns"]),
        "sqs-eventbridge.json": Expectation("sqs", record: ["eventbridge"]),
        "sqs-malformed-records.json": Expectation("sqs", record: ["sqs"]),
        "sns.json": Expectation("sns", record: ["sns"]),
        "sns-signing-cert-url-upper.json": Expectation("sns", record: ["sns"]),
        "sns-s3.json": Expectation("sns", record: ["s3"]),
        "sns-s3-test-event.json": Expectation("sns", eventCalls: 0, record: []),
        "kinesis.json": Expectation("kinesis", record: ["kinesis", "kinesis", "kinesis"]),
        "kinesis-malformed-record.json": Expectation("kinesis", record: ["kinesis"]),
        "dynamodb-stream-insert.json": Expectation("dynamodb-stream", record: ["dynamodb"]),
        "dynamodb-stream-types.json": Expectation("dynamodb-stream", record: ["dynamodb", "dynamodb", "dynamodb"]),
        "dynamodb-stream-malformed-record.json": Expectation("dynamodb-stream", record: ["dynamodb"]),
        "apigw-v1.json": Expectation("apigateway-v1", record: ["http"]),
        "apigw-v1-null-maps-base64.json": Expectation("apigateway-v1", record: ["http"]),
        "apigw-v1-payload-1.0-no-base64-flag.json": Expectation("apigateway-v1", record: ["http"]),
        "apigw-v2.json": Expectation("apigateway-v2", record: ["http"]),
        "apigw-v2-cookies.json": Expectation("apigateway-v2", record: ["http"]),
        "function-url.json": Expectation("function-url", record: ["http"]),
        "function-url-iam-base64.json": Expectation("function-url", record: ["http"]),
        "alb.json": Expectation("alb", record: ["http"]),
        "alb-multi-value-headers.json": Expectation("alb", record: ["http"]),
        "alb-health-check.json": Expectation("alb", eventCalls: 0, record: []),
        "eventbridge-schedule.json": Expectation("eventbridge-schedule", record: ["raw"]),
        "eventbridge-scheduler-string-detail.json": Expectation("eventbridge-scheduler", record: ["raw"]),
        "eventbridge-scheduler-json-string-detail.json": Expectation("eventbridge-scheduler", record: ["raw"]),
        "eventbridge-custom.json": Expectation("eventbridge", record: ["raw"]),
        "eventbridge-ec2-state-change.json": Expectation("eventbridge", record: ["raw"]),
        "unknown-direct-invoke.json": Expectation("unknown", record: ["raw"]),
        "unknown-scheduler-custom-input.json": Expectation("unknown", record: ["raw"]),
        "unknown-apigw-websocket-connect.json": Expectation("unknown", record: ["raw"]),
        "unknown-apigw-request-authorizer.json": Expectation("unknown", record: ["raw"]),
        "unknown-array.json": Expectation("unknown", record: ["raw"]),
        "unknown-string.json": Expectation("unknown", record: ["raw"]),
        "unknown-empty-object.json": Expectation("unknown", record: ["raw"]),
        "unknown-order.json": Expectation("unknown", record: ["raw"]),
    ]

    /// Names of the valid fixtures (`events/*.json`), sorted.
    package static var names: [String] { list(RepositoryPaths.events) }

    /// Names of the malformed bodies (`events/invalid/*`), sorted.
    package static var invalidNames: [String] { list(RepositoryPaths.events.appendingPathComponent("invalid")) }

    /// The bytes of `events/<name>`.
    package static func bytes(_ name: String) throws -> [UInt8] { try RepositoryPaths.read("events/\(name)") }

    /// The bytes of `events/invalid/<name>`.
    package static func invalidBytes(_ name: String) throws -> [UInt8] {
        try RepositoryPaths.read("events/invalid/\(name)")
    }

    private static func list(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }
}
