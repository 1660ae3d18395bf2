import CBOR
import JSON
import Testing

/// Inputs found by `make fuzz` (fuzz-cbor), kept as regression tests.
@Suite("fuzz findings")
struct CBORFuzzFindingTests {
    /// `{ {…{ {"\"": 0}: 0 }…}: 0 }`: each map is the key of the next one.
    static func nestedMapKeys(_ levels: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xA1, 0x61, 0x22, 0x00]  // {"\"": 0}
        for _ in 0..<levels { bytes = [0xA1] + bytes + [0x00] }
        return bytes
    }

    @Test("map keys nested in map keys are refused instead of doubling their text per level")
    func nestedNonTextKeys() throws {
        // A 130-byte input of 40 such levels ran past the fuzz timeout: every level wrote the inner key's JSON text
        // into a string escaped again by the next level (20 levels made megabytes).
        #expect {
            _ = try JSONValue(decodingCBOR: Self.nestedMapKeys(20))
        } throws: { error in
            (error as? CBORError)?.code == .tooDeep
        }
    }

    @Test("the fuzzer's reproducer ends in an error at once")
    func reproducer() throws {
        // The fuzzer's reproducer (.build-fuzz/artifacts/cbor-timeout-886924f3…): 41 nested map keys.
        let reproducer = try #require(
            Hex.bytes(
                "bfd93e0000008025f7f7f7f7f7f7f7a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
                    + "a1a1a1a1a1a1a1a1a1a3a3a3a3f7f7f7f7f7f7f7f7f7f7f7f7f7f701000000f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7"
                    + "f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f71300f7000000000200ff"
            )
        )
        #expect(throws: CBORError.self) { _ = try JSONValue(decodingCBOR: reproducer) }
    }

    @Test("up to four levels of non-text keys still convert to their JSON text")
    func shallowNonTextKeys() throws {
        // Each level's key is the compact JSON text of the level below.
        var key = #"{"\"":0}"#
        for _ in 0..<3 { key = JSONValue.object(JSONObject([(key, 0)])).serializedString() }
        #expect(try JSONValue(decodingCBOR: Self.nestedMapKeys(4)) == .object(JSONObject([(key, 0)])))
        #expect(throws: CBORError.self) { _ = try JSONValue(decodingCBOR: Self.nestedMapKeys(5)) }
    }
}
