// fuzz-json-cbor: the JSON → CBOR direction of the bridge. Properties: every JSON value the parser accepts crosses
// to CBOR unless it holds an integer beyond the bignum limit; CBOR written straight from JSON equals the encoding of
// CBORValue(json:); and coming back gives an equal value: integers exactly, other numbers by value (a literal
// beyond the double range comes back as null, JSON's spelling of ±∞), everything else exactly.
import CBOR
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSONCBOR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let json = try? JSONValue(parsing: fuzzInput(data, size)) else { return 0 }
    let bytes: [UInt8]
    do throws(CBORError) {
        bytes = try json.cborEncoded()
    } catch {
        require(error.code == .integerTooLarge, "JSON does not cross to CBOR: \(error)")
        return 0
    }
    var encoder = CBOREncoder()
    require((try? encoder.encode(CBORValue(json: json))) != nil, "CBORValue(json:) does not encode")
    require(encoder.bytes == bytes, "CBORValue(json:) and encode(json:) write different bytes")
    let back: JSONValue
    do throws(CBORError) {
        back = try JSONValue(decodingCBOR: bytes)
    } catch {
        require(false, "CBOR written from JSON does not come back: \(error)")
        return 0
    }
    require(crossed(json, back), "JSON → CBOR → JSON changed \(json.serializedString()) to \(back.serializedString())")
    return 0
}

/// Whether `back` is what the bridge must give for `original` (see the header comment).
private func crossed(_ original: JSONValue, _ back: JSONValue) -> Bool {
    switch (original, back) {
    case (.number(let number), .null):
        return !number.isInteger && !number.doubleValue.isFinite
    case (.array(let left), .array(let right)):
        return left.count == right.count && zip(left, right).allSatisfy(crossed)
    case (.object(let left), .object(let right)):
        return left.count == right.count
            && zip(left.members, right.members).allSatisfy { $0.key == $1.key && crossed($0.value, $1.value) }
    default:
        return original.semanticallyEquals(back)
    }
}
