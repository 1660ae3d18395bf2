/// A validated HTTP API (v2) route: `METHOD /path`.
package struct HTTPRoute: Sendable, Hashable {
    package static let methods: Set<String> = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    package static let rule =
        "must be 'METHOD /path' with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and a path of "
        + "segments of letters, digits and - . _ ~, or {name}, or a final {name+}"

    package var method: String
    package var path: String

    init(_ field: Field<String>) throws(CFNError) {
        let parts = field.value.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.methods.contains(String(parts[0])), Self.isPath(parts[1]) else {
            throw .invalid(field.name, field.value, Self.rule)
        }
        method = String(parts[0])
        path = String(parts[1])
    }

    private static func isPath(_ path: Substring) -> Bool {
        guard path.hasPrefix("/") else { return false }
        if path == "/" { return true }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        let plain = Set("-._~".utf8)
        for (index, segment) in segments.enumerated() {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                var name = segment.dropFirst().dropLast()
                if name.hasSuffix("+") {
                    guard index == segments.count - 1 else { return false }
                    name = name.dropLast()
                }
                guard !name.isEmpty, name.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") }) else {
                    return false
                }
            } else if segment.isEmpty || !segment.utf8.allSatisfy({ $0.isASCIIAlphanumeric || plain.contains($0) }) {
                return false
            }
        }
        return true
    }

    package var routeKey: String { "\(method) \(path)" }

    /// The part of the `execute-api` ARN after the stage: `METHOD/path` with `*` for ANY and path parameters.
    var sourceARNSuffix: String {
        let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? "*" : String($0) }
        return (method == "ANY" ? "*" : method) + "/" + segments.joined(separator: "/")
    }
}
