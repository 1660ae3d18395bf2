import Testing

@testable import Primitives

struct HexTests {
    @Test(arguments: [
        ([UInt8](), ""), ([0], "00"), ([0x0F, 0xF0], "0ff0"), ([0xDE, 0xAD, 0xBE, 0xEF], "deadbeef"),
        (Array(0...15).map { UInt8($0 * 17) }, "00112233445566778899aabbccddeeff"),
    ])
    func encode(bytes: [UInt8], text: String) {
        #expect(Hex.encode(bytes) == text)
    }

    @Test func uuid() {
        let bytes: [UInt8] = [
            0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00,
        ]
        #expect(Hex.uuid(bytes) == "123e4567-e89b-12d3-a456-426614174000")
        #expect(Hex.uuid([UInt8](repeating: 0xFF, count: 16)) == "ffffffff-ffff-ffff-ffff-ffffffffffff")
    }
}
