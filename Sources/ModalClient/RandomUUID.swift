import SystemRandom

/// Random RFC 4122 version 4 UUIDs (the per-call idempotency keys): the 16 random bytes come from one system call.
/// (Built with `UInt8.random(using: &SystemRandomNumberGenerator())` it was one `getrandom` per byte: 32 per
/// warm `remote` invocation.)
package enum RandomUUID {
    /// Fills the buffer with random bytes.
    package typealias Source = (UnsafeMutableRawBufferPointer) -> Void

    /// A new UUIDv4 in lowercase text form (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`), its bytes from `source`.
    package static func v4(source: Source = systemRandom) -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            source(buffer)
            buffer[6] = buffer[6] & 0x0F | 0x40
            buffer[8] = buffer[8] & 0x3F | 0x80
        }
        return withUnsafeBytes(of: &bytes) { text($0) }
    }

    /// The kernel's random bytes in one `getrandom` call; Swift's generator (8 bytes a call) if the kernel refused.
    package static func systemRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, modal_bridge_random_bytes(base, buffer.count) != 0 else { return }
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices {
            buffer[index] = UInt8(truncatingIfNeeded: generator.next() as UInt64)
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { output in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    output[position] = UInt8(ascii: "-")
                    position += 1
                }
                output[position] = digits[Int(byte >> 4)]
                output[position + 1] = digits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
