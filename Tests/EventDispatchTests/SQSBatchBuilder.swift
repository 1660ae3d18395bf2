import JSON
import TestSupport

/// Builds SQS batches for tests that need a shape no fixture has (many messages, chosen bodies).
enum SQSBatchBuilder {
    static func batch(bodies: [String], fifo: Bool = false) -> [UInt8] {
        let queue = fifo ? "arn:aws:sqs:us-east-1:123456789012:test.fifo" : "arn:aws:sqs:us-east-1:123456789012:test"
        let records: [JSONValue] = bodies.enumerated().map { index, body in
            var attributes: JSONValue = ["ApproximateReceiveCount": "1", "SentTimestamp": "1710409613000"]
            if fifo, case .object(var object) = attributes {
                object["MessageGroupId"] = .string("group-\(index % 2)")
                object["SequenceNumber"] = .string(String(1000 + index))
                attributes = .object(object)
            }
            return [
                "messageId": .string(messageId(index)),
                "receiptHandle": .string("handle-\(index)"),
                "body": .string(body),
                "attributes": attributes,
                "messageAttributes": [:],
                "md5OfBody": "00000000000000000000000000000000",
                "eventSource": "aws:sqs",
                "eventSourceARN": .string(queue),
                "awsRegion": "us-east-1",
            ]
        }
        return JSONValue.object(["Records": .array(records)]).serialized()
    }

    static func messageId(_ index: Int) -> String { "msg-\(index)" }

    static func testEventBody() throws -> String {
        String(decoding: try EventFixtures.bytes("s3-test-event.json"), as: UTF8.self)
    }
}
