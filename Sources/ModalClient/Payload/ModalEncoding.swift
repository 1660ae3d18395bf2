import Primitives

/// Random UUIDv4 idempotency keys (base64 and hex come from `Primitives`).
enum ModalEncoding {
    /// A random RFC 4122 version 4 UUID in lowercase text form (one `getrandom` call; see ``RandomUUID``).
    static func uuidV4() -> String { RandomUUID.v4() }
}
