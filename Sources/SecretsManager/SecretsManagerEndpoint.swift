import Primitives

/// Where requests go: scheme, host, optional port and path. Signing always uses the configured region and the
/// name `secretsmanager`, whatever the host.
package struct SecretsManagerEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` (or `http`, for a local emulator).
    package var scheme: String
    /// The host name or IP literal (IPv6 without brackets).
    package var host: String
    /// The port, when the URL names one.
    package var port: Int?
    /// The path requests are posted to (`/`, or a prefix from a custom endpoint URL).
    package var path: String
    /// Whether the endpoint came from `AWS_ENDPOINT_URL_SECRETS_MANAGER`/`AWS_ENDPOINT_URL` rather than the
    /// regional default.
    package var isCustom: Bool

    /// An endpoint from its parts.
    package init(scheme: String, host: String, port: Int? = nil, path: String = "/", isCustom: Bool) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path.isEmpty ? "/" : path
        self.isCustom = isCustom
    }

    /// Parses an endpoint URL such as `https://secretsmanager.eu-west-1.amazonaws.com` or
    /// `http://127.0.0.1:4566`; `nil` unless it is http(s) with a host, no credentials, query or fragment.
    package init?(url: String, isCustom: Bool = true) {
        let trimmed = url.trimming(.ascii)
        guard let schemeEnd = trimmed.firstRange(of: "://") else { return nil }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { return nil }
        let rest = trimmed[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else { return nil }
        let authority = rest.prefix { $0 != "/" }
        let path = String(rest.dropFirst(authority.count))
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else { return nil }
            port = value
        }
        self.init(scheme: scheme, host: host.lowercased(), port: port, path: path, isCustom: isCustom)
    }

    /// The `Host` header value: `host[:port]`, the port only when it is not the scheme's default.
    package var hostHeader: String {
        var value = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        if let port, port != defaultPort { value += ":\(port)" }
        return value
    }

    /// The full URL requests are sent to.
    package var url: String {
        var authority = host.contains(":") ? "[\(host)]" : host
        if let port { authority += ":\(port)" }
        return "\(scheme)://\(authority)\(path)"
    }

    package var description: String { url }
}
