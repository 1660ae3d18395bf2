import Primitives

/// Where the Runtime API listens, parsed from `AWS_LAMBDA_RUNTIME_API`.
///
/// Lambda hands out a bare `host:port` (`127.0.0.1:9001`). Local emulators add a scheme and a path prefix
/// (cargo-lambda: `http://127.0.0.1:9000/.rt`); both forms are accepted. IPv6 hosts are written in brackets.
package struct RuntimeAPIEndpoint: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    /// Path prefix without a trailing slash (`""` in Lambda, `/.rt` for cargo-lambda).
    package var pathPrefix: String

    package init(host: String, port: Int, pathPrefix: String = "") {
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Parses `host:port`, `http://host:port` or `http://host:port/prefix`.
    package init(_ value: String) throws(RuntimeAPIError) {
        var rest = Substring(value.trimming(.ascii))
        if rest.hasPrefix("http://") {
            rest = rest.dropFirst("http://".count)
        } else if rest.contains("://") {
            throw .invalidEndpoint(value, reason: "only plain http:// is supported")
        }
        var prefix = ""
        if let slash = rest.firstIndex(of: "/") {
            prefix = String(rest[slash...])
            rest = rest[..<slash]
            while prefix.hasSuffix("/") { prefix.removeLast() }
        }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw .invalidEndpoint(value, reason: "unterminated IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterClose = rest[rest.index(after: close)...]
            guard afterClose.hasPrefix(":") else { throw .invalidEndpoint(value, reason: "missing port") }
            portText = afterClose.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw .invalidEndpoint(value, reason: "missing port") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .invalidEndpoint(value, reason: "missing host") }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidEndpoint(value, reason: "port must be a number from 1 to 65535")
        }
        self.init(host: String(host), port: port, pathPrefix: prefix)
    }

    /// The `Host` header value.
    package var hostHeader: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    package var description: String { "http://\(hostHeader)\(pathPrefix)" }
}
