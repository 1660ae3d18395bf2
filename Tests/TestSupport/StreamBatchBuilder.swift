import Foundation
package import JSON

/// Builds Kinesis and DynamoDB Streams batches for tests that need a shape no fixture has (many records, chosen
/// partition keys). Record `i` carries `{"seq": i}` (Kinesis data, DynamoDB `NewImage.seq`) and the sequence number
/// `sequenceNumber(i)`.
package enum StreamBatchBuilder {
    package enum Source: String, Sendable, CaseIterable {
        case kinesis
        case dynamodb
    }

    /// A batch of `count` records; record `i` has the partition key (Kinesis) / item key (DynamoDB) `keys(i)`.
    /// Record `marked` also carries `"note": "FAIL"` (the Modal test server's `fail_marked` raises on it).
    package static func batch(
        _ source: Source,
        count: Int,
        marked: Int? = nil,
        key: (Int) -> String = { _ in "key-0" }
    ) -> [UInt8] {
        let records = (0..<count).map { record(source, index: $0, key: key($0), marked: $0 == marked) }
        return JSONValue.object(["Records": .array(records)]).serialized()
    }

    /// Sequence numbers grow with the index and are longer than any integer type, like Kinesis's.
    package static func sequenceNumber(_ index: Int) -> String {
        "4965671192439382704641356109246" + String(repeating: "0", count: 20) + String(1000 + index)
    }

    /// The record index a payload was built from (`seq` in its decoded data or new image).
    package static func index(of payload: JSONValue) -> Int? {
        let seq = payload["dataJSON"]?["seq"] ?? payload["newImage"]?["seq"]
        return seq?.numberValue?.int64Value.map { Int($0) }
    }

    private static func record(_ source: Source, index: Int, key: String, marked: Bool) -> JSONValue {
        let sequence = JSONValue.string(sequenceNumber(index))
        let note = marked ? "FAIL" : "ok"
        switch source {
        case .kinesis:
            let data = Data(#"{"seq": \#(index), "note": "\#(note)"}"#.utf8).base64EncodedString()
            return [
                "kinesis": [
                    "kinesisSchemaVersion": "1.0", "partitionKey": .string(key), "sequenceNumber": sequence,
                    "data": .string(data), "approximateArrivalTimestamp": 1732780800.5,
                ],
                "eventSource": "aws:kinesis", "eventVersion": "1.0",
                "eventID": .string("shardId-000000000000:\(sequenceNumber(index))"),
                "eventName": "aws:kinesis:record", "awsRegion": "us-east-1",
                "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/test",
            ]
        case .dynamodb:
            let keys: JSONValue = ["pk": ["S": .string(key)]]
            return [
                "eventID": .string("event-\(index)"), "eventName": "INSERT", "eventVersion": "1.1",
                "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
                "dynamodb": [
                    "ApproximateCreationDateTime": 1_732_780_800, "Keys": keys,
                    "NewImage": [
                        "pk": ["S": .string(key)], "seq": ["N": .string(String(index))], "note": ["S": .string(note)],
                    ],
                    "SequenceNumber": sequence, "SizeBytes": 40, "StreamViewType": "NEW_IMAGE",
                ],
                "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/test/stream/2026-11-01T00:00:00.000",
            ]
        }
    }
}
