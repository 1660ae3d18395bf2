import Primitives

/// Random UUIDv4 idempotency keys (base64 and hex come from `Primitives`).
enum ModalEncoding {
    /// A random RFC 4122 version 4 UUID in lowercase text form.
    static func uuidV4() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return Hex.uuid(bytes)
    }
}
