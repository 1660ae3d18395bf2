/// The pieces of the canonical request, as the SigV4 specification and botocore's `SigV4Auth` build them for
/// services other than S3.
package enum SigV4Canonical {
    /// Header names never signed, because a proxy or the HTTP stack may add, drop or rewrite them (botocore's
    /// `SIGNED_HEADERS_BLACKLIST`), plus `authorization`, which the signature itself goes into.
    package static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Percent-encodes every byte of the UTF-8 form except the unreserved set `A-Z a-z 0-9 - _ . ~` (and `/` when
    /// `keepSlash` is set), with uppercase hex digits; a space becomes `%20`, never `+`.
    package static func percentEncode(_ string: String, keepSlash: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigitsUpper[Int(byte >> 4)])
                output.append(hexDigitsUpper[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The canonical URI of `path` (the path as sent, without the query): dot segments removed and repeated
    /// slashes collapsed, then every byte but the unreserved set and `/` percent-encoded, so an already encoded
    /// path is encoded a second time (`%20` → `%2520`). An empty path is `/`.
    package static func uri(_ path: String) -> String {
        percentEncode(removeDotSegments(path), keepSlash: true)
    }

    /// RFC 3986 §5.2.4 dot-segment removal plus collapsing of empty segments, the way botocore does it: a leading
    /// `/` is kept, a trailing `/` is kept only when some segment remains.
    package static func removeDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(segment)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return first + segments.joined(separator: "/") + last
    }

    /// The canonical query string: names and values percent-encoded, sorted by encoded name and then by encoded
    /// value (byte order), joined as `name=value` with `&`. The same string can be sent on the wire.
    package static func query(_ parameters: [(name: String, value: String)]) -> String {
        parameters
            .map { (name: percentEncode($0.name), value: percentEncode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// A header value trimmed, with each run of whitespace replaced by one space. Whitespace is what Python's
    /// `str.split()` (botocore) splits ASCII on: space, tab, LF, VT, FF, CR and 0x1C–0x1F; so obs-fold line
    /// breaks become a space too.
    package static func trimmedHeaderValue(_ value: String) -> String {
        value.utf8.split(omittingEmptySubsequences: true, whereSeparator: isWhitespace)
            .map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: " ")
    }

    /// The signed headers, lowercased and sorted by byte order, each with its values (in the order given) trimmed
    /// and joined by `,`. Names in `unsignedHeaderNames` are left out.
    package static func headers(_ fields: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for field in fields {
            let name = lowercasedASCII(field.name)
            guard !unsignedHeaderNames.contains(name) else { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(trimmedHeaderValue(field.value))
        }
        return order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { (name: $0, value: values[$0, default: []].joined(separator: ",")) }
    }

    /// The `host` header value for a URL's parts: the host lowercased (IPv6 literals in brackets) and `:port` only
    /// when the port is given and is not the scheme's default (80 for http, 443 for https).
    package static func hostHeader(scheme: String, host: String, port: Int?) -> String {
        var value = lowercasedASCII(host)
        if value.contains(":") && !value.hasPrefix("[") { value = "[" + value + "]" }
        let defaultPort: Int? =
            switch lowercasedASCII(scheme) {
            case "http": 80
            case "https": 443
            default: nil
            }
        if let port, port != defaultPort { value += ":\(port)" }
        return value
    }

    static func lowercasedASCII(_ string: String) -> String {
        String(
            decoding: string.utf8.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 },
            as: UTF8.self
        )
    }

    private static let hexDigitsUpper = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }
}
