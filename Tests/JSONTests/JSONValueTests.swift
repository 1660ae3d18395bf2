import JSON
import TestSupport
import Testing

@Suite struct JSONParsingTests {
    @Test(arguments: [
        "null", "true", "false", "0", "-0", "1.0", "-1.5e-10", "1E+2", "123456789012345678901234567890",
        #""""#, #""a\"b\\c\/d\b\f\n\r\t""#, #""\u00e9\ud83d\ude80""#, "[]", "{}", #"[1,[2,[3]],{"a":{}}]"#,
        #"{"a":1,"a":2}"#,
    ])
    func parsesValidDocuments(text: String) throws {
        _ = try JSONValue(parsing: text)
    }

    @Test(arguments: [
        "", " ", "nul", "tru", "[1,]", "{\"a\":1,}", "{a:1}", "01", "-", "1.", ".5", "1e", "+1", "[1 2]",
        "{\"a\" 1}", "\"unterminated", "\"bad \\x escape\"", "\"\\ud83d\"", "\"\\udc00\"", "\"tab\there\"",
        "[1]]", "NaN", "Infinity", "'single'", "\u{FEFF}{}",
    ])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONError.self) { try JSONValue(parsing: text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }  // encoded surrogate
    }

    @Test func errorsCarryOffsetAndCode() {
        do throws(JSONError) {
            _ = try JSONValue(parsing: "[1, 2,, 3]")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unexpectedCharacter)
            #expect(error.offset == 6)
        }
    }

    @Test func depthIsCapped() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue(parsing: fine)
        #expect(throws: JSONError.self) { try JSONValue(parsing: fine, maximumDepth: 50) }
    }

    @Test func numbersKeepTheirText() throws {
        let value = try JSONValue(parsing: #"[1, 1.0, 1.50, 12345678901234567890123, -0, 1e2]"#)
        let numbers = try #require(value.arrayValue).compactMap(\.numberValue)
        #expect(numbers.map(\.text) == ["1", "1.0", "1.50", "12345678901234567890123", "-0", "1e2"])
        #expect(numbers.map(\.isInteger) == [true, false, false, true, true, false])
        #expect(numbers[0].int64Value == 1)
        #expect(numbers[1].int64Value == nil)
        #expect(numbers[3].int64Value == nil)
        #expect(numbers[3].integerMagnitudeDigits == "12345678901234567890123")
        #expect(numbers[5].doubleValue == 100)
    }

    @Test func stringsDecodeEscapes() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/d\n\u00e9\ud83d\ude80""#)
        #expect(value == .string("a\"b\\c/d\né🚀"))
    }

    @Test func objectsKeepOrderAndLastDuplicateWins() throws {
        let value = try JSONValue(parsing: #"{"b":1,"a":2,"b":3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "b"])
        #expect(object["b"] == 3)
        #expect(value["a"] == 2)
        #expect(value["missing"] == nil)
    }
}

@Suite struct JSONWritingTests {
    @Test(arguments: [
        #"{"a":1.0,"b":[true,false,null],"c":"x\ny","d":123456789012345678901234567890}"#,
        #"[]"#, #"{}"#, #""é🚀""#, #"-0.0"#,
    ])
    func roundTripsCompactText(text: String) throws {
        #expect(try JSONValue(parsing: text).serializedString() == text)
    }

    @Test func escapesControlCharactersAndKeepsSlashes() {
        let value: JSONValue = .string("a/b\u{01}\u{1F}\"\\\t")
        #expect(value.serializedString() == #""a/b\u0001\u001f\"\\\t""#)
        #expect(value.serializedString(JSONWriteOptions(escapeSlashes: true)) == #""a\/b\u0001\u001f\"\\\t""#)
    }

    @Test func prettySortedIsDeterministic() {
        let value: JSONValue = ["b": [1, 2], "a": ["z": "x", "y": [:]], "c": []]
        let expected = """
            {
              "a": {
                "y": {},
                "z": "x"
              },
              "b": [
                1,
                2
              ],
              "c": []
            }
            """
        #expect(value.serializedString(.prettySorted) == expected)
    }

    @Test func doublesStayFloats() {
        #expect(JSONValue.double(1).serializedString() == "1.0")
        #expect(JSONValue.double(0.1).serializedString() == "0.1")
        #expect(JSONValue.double(.nan) == .null)
        #expect(JSONValue.integer(UInt64.max).serializedString() == "18446744073709551615")
    }

    @Test func objectSubscriptSetsReplacesAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "a": 3]
        object["a"] = 4
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 4)
        object["c"] = 5
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
    }

    @Test func randomValuesRoundTrip() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, using: &generator)
            let text = value.serialized()
            #expect(try JSONValue(parsing: text) == value)
            #expect(
                try JSONValue(parsing: value.serialized(.prettySorted)).serialized(.prettySorted)
                    == value.serialized(.prettySorted)
            )
        }
    }

    private func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let choice = depth > 4 ? Int.random(in: 0..<5, using: &generator) : Int.random(in: 0..<7, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &generator))
        case 3: return .double(Double.random(in: -1e10...1e10, using: &generator))
        case 4:
            let scalars = (0..<Int.random(in: 0..<8, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x1F_FFF, using: &generator))
            }
            return .string(String(String.UnicodeScalarView(scalars)))
        case 5:
            return .array(
                (0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                }
            )
        default:
            return .object(
                JSONObject(
                    (0..<Int.random(in: 0..<4, using: &generator)).map { index in
                        ("k\(index)", randomValue(depth: depth + 1, using: &generator))
                    }
                )
            )
        }
    }
}
