package import JSON

extension CBORValue {
    /// The CBOR item the JSON → CBOR bridge writes for `json` (the same bytes as ``CBOREncoder`` `encode(json:)`):
    /// integer literals become integers or tag 2/3 bignums, other numbers become floats, objects become maps
    /// with text keys.
    package init(json: JSONValue, maximumDepth: Int = 512) throws(CBORError) {
        self = try CBORValue.convert(json, depth: 0, maximumDepth: maximumDepth)
    }

    private static func convert(_ json: JSONValue, depth: Int, maximumDepth: Int) throws(CBORError) -> CBORValue {
        switch json {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return try CBORValue(number: number)
        case .string(let string): return .text(string)
        case .array(let elements):
            guard depth < maximumDepth else {
                throw CBORError(code: .tooDeep, message: "nesting deeper than \(maximumDepth)")
            }
            var converted: [CBORValue] = []
            converted.reserveCapacity(elements.count)
            for element in elements {
                converted.append(try convert(element, depth: depth + 1, maximumDepth: maximumDepth))
            }
            return .array(converted)
        case .object(let object):
            guard depth < maximumDepth else {
                throw CBORError(code: .tooDeep, message: "nesting deeper than \(maximumDepth)")
            }
            var entries: [CBORMapEntry] = []
            entries.reserveCapacity(object.count)
            for member in object.members {
                let value = try convert(member.value, depth: depth + 1, maximumDepth: maximumDepth)
                entries.append(CBORMapEntry(key: .text(member.key), value: value))
            }
            return .map(entries)
        }
    }

    /// A JSON number as CBOR: integer literals exactly (bignum beyond 64 bits), others as a float.
    package init(number: JSONNumber) throws(CBORError) {
        // Reuse the encoder's integer logic, then read the item back: one code path decides the form.
        var encoder = CBOREncoder(reservingCapacity: 16)
        try encoder.writeNumber(number)
        var decoder = CBORDecoder(bytes: encoder.bytes)
        self = try decoder.decodeNext()
    }
}
