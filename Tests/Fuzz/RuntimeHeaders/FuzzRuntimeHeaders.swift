// fuzz-runtime-headers: reading an invocation from the Runtime API's `/next` response headers. The input is a
// header block (`Name: value` lines; CR and the spaces around values are dropped, as an HTTP parser does), then a
// blank line and the event. Properties: it never traps; it fails only as missingHeader/invalidHeader; on success
// the request id is the first such field, non-empty printable ASCII without `/`, and the deadline is the header's
// epoch value or, for a small value, that many milliseconds after receipt.
import RuntimeAPI

private let receivedAt: Int64 = 1_700_000_000_000

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRuntimeHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    var fields: [(name: String, value: String)] = []
    var position = 0
    while position < bytes.count {
        let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let line = bytes[position..<end].filter { $0 != UInt8(ascii: "\r") }
        position = end + 1
        if line.isEmpty { break }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let value = line[(colon + 1)...].drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        fields.append((String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }
    let event = position < bytes.count ? Array(bytes[position...]) : []
    do throws(RuntimeAPIError) {
        let invocation = try Invocation(headerFields: fields, event: event, receivedAtEpochMilliseconds: receivedAt)
        let asciiLowered = { (name: String) in
            String(decoding: name.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let requestID = fields.first { asciiLowered($0.name) == "lambda-runtime-aws-request-id" }?.value
        require(invocation.requestID == requestID, "request id is not the first Lambda-Runtime-Aws-Request-Id")
        require(
            !invocation.requestID.isEmpty
                && invocation.requestID.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") },
            "accepted request id \(invocation.requestID)"
        )
        require(invocation.deadlineEpochMilliseconds >= 0, "negative deadline")
        require(invocation.event == event, "event bytes changed")
        _ = invocation.remainingMilliseconds(atEpochMilliseconds: receivedAt)
    } catch {
        require(error.code == .missingHeader || error.code == .invalidHeader, "unexpected error \(error.code)")
    }
    return 0
}
