import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("Fixtures in events/ are classified by their discriminating keys")
struct FixtureClassificationTests {
    @Test("every fixture has an expectation and every expectation a fixture")
    func fixturesAndExpectationsMatch() {
        let files = Set(EventFixtures.names)
        let expected = Set(EventFixtures.expectations.keys)
        #expect(files.subtracting(expected).isEmpty, "fixtures without an expectation")
        #expect(expected.subtracting(files).isEmpty, "expectations without a fixture")
        #expect(files.count >= 40)
        #expect(!EventFixtures.invalidNames.isEmpty)
    }

    @Test("classification", arguments: EventFixtures.names)
    func classification(name: String) throws {
        let expectation = try #require(EventFixtures.expectations[name])
        let event = try InboundEvent(bytes: EventFixtures.bytes(name))
        #expect(event.kind.rawValue == expectation.kind)
        #expect(EventKind(rawValue: expectation.kind) != nil)
    }

    @Test(
        "the parsed event keeps everything: re-serialized it parses to the same value",
        arguments: EventFixtures.names
    )
    func lossless(name: String) throws {
        let bytes = try EventFixtures.bytes(name)
        let event = try InboundEvent(bytes: bytes)
        #expect(event.bytes == bytes)
        let again = try JSONValue(parsing: event.value.serialized())
        #expect(again == event.value)
    }

    @Test("every kind is covered by at least one fixture")
    func everyKindCovered() {
        let covered = Set(EventFixtures.expectations.values.map(\.kind))
        for kind in EventKind.allCases {
            #expect(covered.contains(kind.rawValue), "no fixture for \(kind.rawValue)")
        }
    }

    @Test("numbers keep their exact text (floats stay floats, big integers stay exact)")
    func exactNumbers() throws {
        let event = try InboundEvent(bytes: EventFixtures.bytes("unknown-direct-invoke.json"))
        let object = try #require(event.value.objectValue)
        #expect(object["width"]?.numberValue?.text == "1.0")
        #expect(object["width"]?.numberValue?.isInteger == false)
        #expect(object["height"]?.numberValue?.text == "1e3")
        #expect(object["id"]?.numberValue?.text == "12345678901234567890123")
        #expect(object["negative"]?.numberValue?.text == "-0.0")
        #expect(object.keys == ["task", "width", "height", "id", "negative", "tags", "nested", "unicode", "nothing"])
        let serialized = event.value.serializedString()
        #expect(serialized.contains("\"width\":1.0"))
        #expect(serialized.contains("\"id\":12345678901234567890123"))
    }
}
