import JSON
import Primitives

/// A Kinesis record's `data`, decoded from base64 and read as JSON when it is JSON, else as UTF-8 text, else as
/// opaque bytes (sent on as the base64 text, since JSON has no byte strings).
struct KinesisData {
    enum Format: String {
        case json
        case text
        case binary
    }

    var format: Format
    /// The decoded JSON (`json` only).
    var json: JSONValue?
    /// The decoded bytes as text (`json` and `text`).
    var text: String?

    /// `nil` when `base64` is not valid standard base64.
    init?(base64: String) {
        guard let bytes = Base64.decode(base64, padding: .required) else { return nil }
        if let value = try? JSONValue(parsing: bytes) {
            format = .json
            json = value
        } else {
            format = .text
            json = nil
        }
        text = String(validating: bytes, as: UTF8.self)
        if text == nil { format = .binary }
    }
}
