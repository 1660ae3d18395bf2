import ModalClient
import Testing

@Suite("RandomUUID")
struct RandomUUIDTests {
    /// The idempotency key's 16 bytes come from one request for 16 bytes (one `getrandom` in `systemRandom`), not
    /// one request per byte as before (32 `getrandom` calls per warm `remote` invocation).
    @Test func sixteenBytesInOneRequest() {
        nonisolated(unsafe) var requests: [Int] = []
        let text = RandomUUID.v4 { buffer in
            requests.append(buffer.count)
            for index in buffer.indices { buffer[index] = UInt8(index) }
        }
        #expect(requests == [16])
        // bytes 00…0f with the version nibble (byte 6 → 0x46) and the variant bits (byte 8 → 0x88) set
        #expect(text == "00010203-0405-4607-8809-0a0b0c0d0e0f")
    }

    @Test func versionAndVariantBitsOverAllOnes() {
        let text = RandomUUID.v4 { buffer in
            for index in buffer.indices { buffer[index] = 0xFF }
        }
        #expect(text == "ffffffff-ffff-4fff-bfff-ffffffffffff")
    }

    @Test func systemBytesAreRandomAndWellFormed() {
        let keys = (0..<1000).map { _ in RandomUUID.v4() }
        #expect(Set(keys).count == keys.count)
        for key in keys {
            let bytes = Array(key.utf8)
            #expect(bytes.count == 36)
            #expect([8, 13, 18, 23].allSatisfy { bytes[$0] == UInt8(ascii: "-") })
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(bytes[19]))
            #expect(key == key.lowercased())
        }
    }
}
