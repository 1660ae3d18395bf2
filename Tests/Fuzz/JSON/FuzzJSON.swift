// fuzz-json: the JSON parser and writer. Properties: parsing never traps, errors point inside the input, and
// parse → write → parse gives the same value in every write mode (compact, pretty sorted, escaped slashes),
// with compact writing stable on the second pass.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let value: JSONValue
    do throws(JSONError) {
        value = try JSONValue(parsing: bytes)
    } catch {
        require((0...bytes.count).contains(error.offset), "error offset \(error.offset) outside 0...\(bytes.count)")
        return 0
    }
    let compact = value.serialized()
    let reparsed = try? JSONValue(parsing: compact)
    require(reparsed == value, "compact round trip changed the value")
    require(reparsed?.serialized() == compact, "compact writing is not stable")
    let escaped = value.serialized(JSONWriteOptions(escapeSlashes: true))
    require((try? JSONValue(parsing: escaped)) == value, "round trip with escaped slashes changed the value")
    let pretty = value.serialized(.prettySorted)
    require(
        (try? JSONValue(parsing: pretty))?.serialized(.prettySorted) == pretty,
        "pretty sorted round trip is not stable"
    )
    return 0
}
