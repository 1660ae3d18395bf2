import Primitives
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
        return withUnsafeBytes(of: &bytes) { Hex.uuid($0) }
    }

    /// The kernel's random bytes in one `getrandom` call; Swift's generator (8 bytes a call) if the kernel refused.
    package static func systemRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, modal_bridge_random_bytes(base, buffer.count) != 0 else { return }
        var generator = SystemRandomNumberGenerator()
        for index in buffer.indices {
            buffer[index] = UInt8(truncatingIfNeeded: generator.next() as UInt64)
        }
    }
}
