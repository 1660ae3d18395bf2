package import JSON
import Primitives

/// The CBOR → JSON direction of the bridge. JSON has fewer types than CBOR, so some items change form:
///
/// | CBOR | JSON |
/// |---|---|
/// | unsigned / negative integer | integer literal |
/// | bignum, tag 2 / 3 | exact integer literal (magnitude up to 8 KiB; more is ``CBORError/Code/integerTooLarge``) |
/// | half / single / double float, finite | float literal, shortest text that reads back to the same double (`1.0`, `1e-05`) |
/// | NaN, +∞, −∞ | `null` (JSON has no spelling for them) |
/// | byte string | string, standard base64 with padding |
/// | text string | string |
/// | array; tag 258 (set) | array |
/// | map | object; a text key is used as is, any other key is converted by these rules and, unless that gives a string, written as its compact JSON text (`1` → `"1"`, `[1,2]` → `"[1,2]"`, `null` → `"null"`); entries keep their order, repeated keys are kept; non-text keys nested in non-text keys more than 4 deep are ``CBORError/Code/tooDeep`` |
/// | `false`, `true`, `null`, `undefined` | `false`, `true`, `null`, `null` |
/// | other simple value *n* | the integer *n* |
/// | tag 0 (date/time text), tag 1004 (date text) | the string |
/// | tag 1 (epoch seconds) | string `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` (UTC; fraction rounded to microseconds as Python does) |
/// | tag 100 (epoch days) | string `YYYY-MM-DD` |
/// | tag 4 (decimal fraction `[e, m]`) | float literal with the exact digits: `[-2, 27315]` → `273.15`, `[0, 5]` → `5.0`, `[3, 5]` → `5e3` |
/// | tag 37 (UUID, 16 bytes) | string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lowercase) |
/// | any other tag | the wrapped item, converted (the tag number is dropped) |
///
/// A known tag with the wrong content (tag 2 around a text, a 15-byte UUID, a timestamp outside years 1–9999)
/// is ``CBORError/Code/invalidTagContent``.
extension JSONValue {
    /// Decodes exactly one CBOR data item and converts it to JSON.
    package init<Bytes: Collection>(decodingCBOR bytes: Bytes, maximumDepth: Int = 512) throws(CBORError)
    where Bytes.Element == UInt8 {
        let value = try CBORValue(decoding: bytes, maximumDepth: maximumDepth)
        try self.init(cbor: value, maximumDepth: maximumDepth)
    }

    /// Converts a decoded CBOR item to JSON.
    package init(cbor value: CBORValue, maximumDepth: Int = 512) throws(CBORError) {
        self = try CBORToJSON(maximumDepth: maximumDepth).convert(value, depth: 0)
    }
}

private struct CBORToJSON {
    let maximumDepth: Int
    /// How many non-text map keys enclose what is being converted.
    var keyNesting = 0

    /// Non-text keys inside non-text keys beyond this are refused: each level writes the inner key's JSON text into
    /// a string that the next level escapes again, so the text can double per level (a 130-byte input once grew
    /// without bound).
    static let maximumKeyNesting = 4

    func convert(_ value: CBORValue, depth: Int) throws(CBORError) -> JSONValue {
        switch value {
        case .unsigned(let n): return .number(JSONNumber(integer: n))
        case .negative(let n): return .number(Self.negativeInteger(n))
        case .bytes(let bytes): return .string(Base64.encode(bytes))
        case .text(let text): return .string(text)
        case .array(let elements):
            try checkDepth(depth + 1)
            var converted: [JSONValue] = []
            converted.reserveCapacity(elements.count)
            for element in elements { converted.append(try convert(element, depth: depth + 1)) }
            return .array(converted)
        case .map(let entries):
            try checkDepth(depth + 1)
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(entries.count)
            for entry in entries {
                members.append((try key(entry.key, depth: depth + 1), try convert(entry.value, depth: depth + 1)))
            }
            return .object(JSONObject(members))
        case .tagged(let tag, let content):
            try checkDepth(depth + 1)
            return try convertTag(tag, content, depth: depth + 1)
        case .bool(let flag): return .bool(flag)
        case .null, .undefined: return .null
        case .simple(let simple): return .number(JSONNumber(integer: simple))
        case .float(let double): return JSONValue.double(double)
        }
    }

    private func checkDepth(_ depth: Int) throws(CBORError) {
        guard depth <= maximumDepth else {
            throw CBORError(code: .tooDeep, message: "nesting deeper than \(maximumDepth)")
        }
    }

    private func key(_ key: CBORValue, depth: Int) throws(CBORError) -> String {
        if case .text(let text) = key { return text }
        guard keyNesting < Self.maximumKeyNesting else {
            throw CBORError(
                code: .tooDeep,
                message: "map keys that are not text nested more than \(Self.maximumKeyNesting) levels in each other"
            )
        }
        let inner = CBORToJSON(maximumDepth: maximumDepth, keyNesting: keyNesting + 1)
        let converted = try inner.convert(key, depth: depth)
        if case .string(let text) = converted { return text }
        return converted.serializedString()
    }

    /// −1 − n as an integer literal (n = 2⁶⁴−1 gives −2⁶⁴).
    static func negativeInteger(_ n: UInt64) -> JSONNumber {
        if n < UInt64(Int64.max) { return JSONNumber(integer: -1 - Int64(n)) }
        if n == .max { return JSONNumber(text: "-18446744073709551616") ?? JSONNumber(integer: 0) }
        return JSONNumber(text: "-" + String(n + 1)) ?? JSONNumber(integer: 0)
    }

    private func convertTag(_ tag: UInt64, _ content: CBORValue, depth: Int) throws(CBORError) -> JSONValue {
        switch (tag, content) {
        case (0, .text(let text)), (1004, .text(let text)):
            return .string(text)
        case (1, .unsigned), (1, .negative):
            guard let seconds = content.int64Value, let text = CBORText.timestamp(seconds: seconds, microseconds: 0)
            else { throw .invalidTag(tag, "epoch seconds outside years 1–9999") }
            return .string(text)
        case (1, .float(let seconds)):
            guard let text = CBORText.timestamp(seconds: seconds) else {
                throw .invalidTag(tag, "epoch seconds not finite or outside years 1–9999")
            }
            return .string(text)
        case (2, .bytes(let bytes)), (3, .bytes(let bytes)):
            return .number(try Self.bignum(negative: tag == 3, bytes))
        case (4, .array(let pair)):
            return .number(try Self.decimalFraction(pair))
        case (37, .bytes(let bytes)) where bytes.count == 16:
            return .string(Hex.uuid(bytes))
        case (100, .unsigned), (100, .negative):
            guard let days = content.int64Value, let text = CBORText.date(daysSinceEpoch: days) else {
                throw .invalidTag(tag, "epoch days outside years 1–9999")
            }
            return .string(text)
        case (258, .array):
            return try convert(content, depth: depth)
        case (0, _), (1, _), (2, _), (3, _), (4, _), (37, _), (100, _), (258, _), (1004, _):
            throw .invalidTag(tag, "unexpected content")
        default:
            return try convert(content, depth: depth)
        }
    }

    /// Sign and decimal digits of a CBOR integer or bignum.
    private static func integerDigits(_ value: CBORValue) throws(CBORError) -> (negative: Bool, digits: String)? {
        switch value {
        case .unsigned(let n): return (false, String(n))
        case .negative(let n): return (true, String(negativeInteger(n).text.dropFirst()))
        case .tagged(let tag, .bytes(let bytes)) where tag == 2 || tag == 3:
            let text = try bignum(negative: tag == 3, bytes).text
            return tag == 3 ? (true, String(text.dropFirst())) : (false, text)
        default: return nil
        }
    }

    static func bignum(negative: Bool, _ bytes: [UInt8]) throws(CBORError) -> JSONNumber {
        let significant = bytes.drop(while: { $0 == 0 })
        guard significant.count <= BigMagnitude.maximumByteCount else {
            throw CBORError(
                code: .integerTooLarge,
                message: "bignum of \(significant.count) bytes (at most \(BigMagnitude.maximumByteCount))"
            )
        }
        var magnitude = BigMagnitude(bigEndian: significant)
        if negative {
            if let n = magnitude.uint64Value { return negativeInteger(n) }
            magnitude.addOne()
        } else if let n = magnitude.uint64Value {
            return JSONNumber(integer: n)
        }
        let text = (negative ? "-" : "") + magnitude.decimalString
        guard let number = JSONNumber(text: text) else { throw .invalidTag(negative ? 3 : 2, "unreadable bignum") }
        return number
    }

    private static func decimalFraction(_ pair: [CBORValue]) throws(CBORError) -> JSONNumber {
        guard pair.count == 2, let exponent = pair[0].int64Value, let mantissa = try integerDigits(pair[1]) else {
            throw .invalidTag(4, "expected [exponent, mantissa] integers")
        }
        let text = CBORText.decimalFraction(negative: mantissa.negative, digits: mantissa.digits, exponent: exponent)
        guard let number = JSONNumber(text: text) else { throw .invalidTag(4, "unreadable decimal fraction") }
        return number
    }
}
