import CBOR
import JSON
import Testing

@Suite("JSON ↔ CBOR bridge")
struct CBORJSONBridgeTests {
    @Test(
        "JSON text → CBOR bytes",
        arguments: [
            ("null", "f6"), ("true", "f5"), ("false", "f4"), ("0", "00"), ("-0", "00"), ("1", "01"), ("-1", "20"),
            ("23", "17"), ("24", "1818"), ("-25", "3818"), ("1.0", "fb3ff0000000000000"), ("1e2", "fb4059000000000000"),
            ("1E+2", "fb4059000000000000"), ("-0.0", "fb8000000000000000"), ("1e400", "f97c00"), ("-1e400", "f9fc00"),
            ("1e-400", "fb0000000000000000"), ("18446744073709551615", "1bffffffffffffffff"),
            ("18446744073709551616", "c249010000000000000000"), ("-18446744073709551616", "3bffffffffffffffff"),
            ("-18446744073709551617", "c349010000000000000000"), ("-9223372036854775808", "3b7fffffffffffffff"),
            ("\"\"", "60"), ("\"é\"", "62c3a9"), ("\"\\ud83d\\ude00\"", "64f09f9880"), ("[]", "80"), ("{}", "a0"),
            ("[1,[2.5,null]]", "8201 82fb4004000000000000f6"), ("{\"a\":1,\"b\":{}}", "a2616101 6162a0"),
            ("{\"a\":1,\"a\":2}", "a2616101616102"),
        ]
    )
    func jsonToCBOR(_ json: String, _ hex: String) throws {
        let value = try JSONValue(parsing: json)
        let expected = Hex.string(try #require(Hex.bytes(hex)))
        #expect(Hex.string(try value.cborEncoded()) == expected)
        #expect(Hex.string(try CBORValue(json: value).encoded()) == expected)
    }

    @Test("null is always F6, never F7")
    func nullIsF6() throws {
        let bytes = try JSONValue(parsing: "[null,{\"k\":null},[[null]]]").cborEncoded()
        #expect(!bytes.contains(0xF7))
        #expect(bytes.filter { $0 == 0xF6 }.count == 3)
    }

    @Test(
        "CBOR bytes → JSON text",
        arguments: [
            ("1bffffffffffffffff", "18446744073709551615"), ("3b7fffffffffffffff", "-9223372036854775808"),
            ("3b8000000000000000", "-9223372036854775809"), ("c240", "0"), ("c340", "-1"), ("c24101", "1"),
            ("c348ffffffffffffffff", "-18446744073709551616"), ("c349ffffffffffffffffff", "-4722366482869645213696"),
            ("fb3ff0000000000000", "1.0"), ("fa3fc00000", "1.5"), ("f93c00", "1.0"), ("fb4415af1d78b58c40", "1e+20"),
            ("f97c00", "null"), ("f7", "null"), ("f820", "32"), ("4100", "\"AA==\""), ("40", "\"\""),
            ("c482211903e8", "10.00"), ("c4822003", "0.3"), ("c4822403", "0.00003"), ("c4820003", "3.0"),
            ("c4820203", "3e2"), ("c48238ff03", "3e-256"), ("c48221c249010000000000000000", "184467440737095516.16"),
            ("c48220c349010000000000000000", "-1844674407370955161.7"),
            ("d8255000112233445566778899aabbccddeeff", "\"00112233-4455-6677-8899-aabbccddeeff\""),
            ("d86400", "\"1970-01-01\""), ("d8643a000af939", "\"0001-01-01\""), ("d8641a002cc0a0", "\"9999-12-31\""),
            ("d9d9f783f6f5f7", "[null,true,null]"),
            ("c13a01e1337f", "\"1969-01-01T00:00:00Z\""), ("c13b0000000e7791f6ff", "\"0001-01-01T00:00:00Z\""),
            ("c11b0000003afff4417f", "\"9999-12-31T23:59:59Z\""),
            ("c1fbbfe0000000000000", "\"1969-12-31T23:59:59.500000Z\""),
            ("c1fb3eb0c6f7a0b5ed8d", "\"1970-01-01T00:00:00.000001Z\""),
            ("a4f5010102f603820102 04", "{\"true\":1,\"1\":2,\"null\":3,\"[1,2]\":4}"),
            ("a241ff01a1616101f6", "{\"/w==\":1,\"{\\\"a\\\":1}\":null}"),
            ("a1fb3ff800000000000001", "{\"1.5\":1}"), ("a1c1006161", "{\"1970-01-01T00:00:00Z\":\"a\"}"),
            ("a2616101616102", "{\"a\":1,\"a\":2}"),
        ]
    )
    func cborToJSON(_ hex: String, _ json: String) throws {
        let bytes = try #require(Hex.bytes(hex))
        #expect(try JSONValue(decodingCBOR: bytes).serializedString() == json)
    }

    @Test("integer and float literals keep their kind both ways")
    func integerFloatDistinction() throws {
        let value = try JSONValue(parsing: "[1, 1.0, -2, -2.0, 1e0, 12345678901234567890123, 0.5]")
        let back = try JSONValue(decodingCBOR: value.cborEncoded())
        let kinds = back.arrayValue?.compactMap { $0.numberValue?.isInteger }
        #expect(kinds == [true, false, true, false, false, true, false])
        #expect(back[5]?.numberValue?.text == "12345678901234567890123")
    }

    @Test("the size estimate is exact without bignums and an upper bound with them")
    func sizeEstimate() throws {
        var random = RandomJSON(seed: 42)
        var exact = 0
        for _ in 0..<400 {
            let value = random.value()
            let size = try value.cborEncoded().count
            let estimate = CBOREncoder.encodedSizeUpperBound(of: value)
            #expect(estimate >= size)
            if estimate == size { exact += 1 }
            if !Self.containsBignumOrOverflow(value) {
                #expect(estimate == size, "\(value.serializedString().prefix(200))")
            }
        }
        #expect(exact > 200)
    }

    @Test("a large event survives the round trip")
    func largeEvent() throws {
        // About 6 MB: many records with text, numbers and nesting, like a big SQS or S3 batch.
        var records: [JSONValue] = []
        for index in 0..<20_000 {
            let record: JSONValue = [
                "messageId": .string("id-\(index)-😀"), "body": .string(String(repeating: "x", count: 200)),
                "attributes": ["ApproximateReceiveCount": "1", "SentTimestamp": .integer(1_700_000_000_000 + index)],
                "score": .double(Double(index) / 7), "flags": [true, false, nil],
            ]
            records.append(record)
        }
        let event: JSONValue = ["Records": .array(records)]
        let arguments: JSONValue = [[event, ["mode": "remote"]], [:]]
        let bytes = try arguments.cborEncoded()
        #expect(bytes.count > 5_000_000)
        let decoded = try JSONValue(decodingCBOR: bytes)
        #expect(decoded == [[event, ["mode": "remote"]], [:]])
    }

    /// Bignums and float literals beyond the double range (written as 3-byte half infinities) make the
    /// estimate an upper bound.
    private static func containsBignumOrOverflow(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number):
            return number.isInteger ? number.int64Value == nil : !number.doubleValue.isFinite
        case .array(let elements): return elements.contains(where: containsBignumOrOverflow)
        case .object(let object): return object.members.contains { containsBignumOrOverflow($0.value) }
        default: return false
        }
    }
}
