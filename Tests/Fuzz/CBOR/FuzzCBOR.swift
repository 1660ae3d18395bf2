// fuzz-cbor: the CBOR decoder and the CBOR → JSON direction. Properties: decoding never traps and errors point
// inside the input; a decoded item encodes, and its encoding decodes and encodes to the same bytes; what converts to JSON converts back to
// CBOR, and after that first pass JSON → CBOR → JSON is the identity (the bridge is stable).
import CBOR
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCBOR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let item: CBORValue
    do throws(CBORError) {
        item = try CBORValue(decoding: bytes)
    } catch {
        if let offset = error.offset {
            require((0...bytes.count).contains(offset), "error offset \(offset) outside 0...\(bytes.count)")
        }
        return 0
    }
    // Re-encoding is stable (item equality would not do: every NaN is written as the one canonical NaN).
    let first = encoded(item)
    require(first == (try? CBORValue(decoding: first)).map(encoded), "decode → encode → decode → encode changed")

    guard let json = try? JSONValue(cbor: item) else { return 0 }
    let once: JSONValue
    do throws(CBORError) {
        once = try JSONValue(decodingCBOR: try json.cborEncoded())
    } catch {
        require(error.code == .integerTooLarge, "JSON from CBOR does not go back to CBOR: \(error)")
        return 0
    }
    let twice = try? JSONValue(decodingCBOR: try once.cborEncoded())
    require(
        twice == once,
        "JSON → CBOR → JSON is not stable: \(once.serializedString()) became \(twice?.serializedString() ?? "an error")"
    )
    return 0
}

private func encoded(_ item: CBORValue) -> [UInt8] {
    var encoder = CBOREncoder()
    do throws(CBORError) {
        try encoder.encode(item)
    } catch {
        require(false, "a decoded item does not encode: \(error)")
    }
    return encoder.bytes
}
