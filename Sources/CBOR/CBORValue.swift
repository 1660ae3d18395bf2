// Target CBOR (pure leaf): the CBOR codec Modal's DATA_FORMAT_CBOR needs, JSON → CBOR as Python's cbor2 writes it,
// CBOR → JSON for results (Modal's argument layout is ModalClient's). No I/O. May import: JSON, Primitives.
// See docs/modal-wire.md ("CBOR").

/// One CBOR data item (RFC 8949), as decoded or to be encoded.
///
/// Integers keep CBOR's split into major types 0 and 1 so the whole range −2⁶⁴…2⁶⁴−1 is exact; larger integers are
/// `.tagged(2/3, .bytes(…))` bignums. Floats of every width decode to `.float(Double)` (half and single values are
/// exactly representable); the encoder picks the width (see ``CBOREncoder/FloatStyle``). Indefinite-length items
/// decode to their definite equivalents. Equality compares floats by bit pattern, so `-0.0 != 0.0` and a NaN equals
/// the same NaN.
package enum CBORValue: Sendable {
    /// Major type 0: the integer `n`.
    case unsigned(UInt64)
    /// Major type 1: the integer `-1 - n` (so `.negative(0)` is −1 and `.negative(.max)` is −2⁶⁴).
    case negative(UInt64)
    /// Major type 2: a byte string.
    case bytes([UInt8])
    /// Major type 3: a text string (always valid UTF-8).
    case text(String)
    /// Major type 4.
    case array([CBORValue])
    /// Major type 5: entries in their encoded order; keys may be any item and may repeat.
    case map([CBORMapEntry])
    /// Major type 6: a tag number and the item it wraps.
    indirect case tagged(UInt64, CBORValue)
    /// `false` (`0xF4`) and `true` (`0xF5`).
    case bool(Bool)
    /// `null` (`0xF6`).
    case null
    /// `undefined` (`0xF7`); never produced by the JSON bridge.
    case undefined
    /// Any other simple value (0–19 or 32–255).
    case simple(UInt8)
    /// A half, single or double precision float.
    case float(Double)
}

/// One key/value pair of a CBOR map.
package struct CBORMapEntry: Sendable, Hashable {
    package var key: CBORValue
    package var value: CBORValue

    package init(key: CBORValue, value: CBORValue) {
        self.key = key
        self.value = value
    }
}

extension CBORValue {
    /// The integer `value` as major type 0 or 1.
    package static func integer(_ value: Int64) -> CBORValue {
        // For a negative value, -1 - value is its bitwise complement (no overflow at Int64.min).
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(~value))
    }

    /// The value as `Int64` when it is a major type 0/1 integer that fits.
    package var int64Value: Int64? {
        switch self {
        case .unsigned(let n): return n <= UInt64(Int64.max) ? Int64(n) : nil
        case .negative(let n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    /// The text when this is a text string.
    package var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The members when this is an array.
    package var arrayValue: [CBORValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The entries when this is a map.
    package var mapEntries: [CBORMapEntry]? {
        if case .map(let entries) = self { return entries }
        return nil
    }

    /// The value of the last entry whose key is the text `key`, when this is a map.
    package subscript(key: String) -> CBORValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.last(where: { $0.key == .text(key) })?.value
    }
}

extension CBORValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(integerLiteral value: Int64) { self = .integer(value) }
    package init(stringLiteral value: String) { self = .text(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(floatLiteral value: Double) { self = .float(value) }
    package init(arrayLiteral elements: CBORValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (CBORValue, CBORValue)...) {
        self = .map(elements.map { CBORMapEntry(key: $0.0, value: $0.1) })
    }
    package init(nilLiteral: ()) { self = .null }
}
