import Primitives

/// A gRPC endpoint parsed from a Modal URL: `https://host[:port]` is TLS with the system trust roots (port 443 by
/// default), `http://host[:port]` is plaintext HTTP/2 with prior knowledge (h2c, port 80 by default). A path other
/// than `/`, a query, user info or any other scheme is refused.
package struct ModalEndpoint: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var usesTLS: Bool

    package init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Parses `url`; `name` names the setting in the error message.
    package init(url: String, name: String = "MODAL_SERVER_URL") throws(ModalError) {
        let text = url.trimming(.unicode)
        let rest: Substring
        if text.lowercased().hasPrefix("https://") {
            usesTLS = true
            rest = text.dropFirst("https://".count)
        } else if text.lowercased().hasPrefix("http://") {
            usesTLS = false
            rest = text.dropFirst("http://".count)
        } else {
            throw .config("\(name) must start with https:// or http:// (got '\(text)')")
        }
        var authority = rest
        if let slash = authority.firstIndex(of: "/") {
            guard authority[slash...] == "/" else {
                throw .config("\(name) must not contain a path (got '\(text)')")
            }
            authority = authority[..<slash]
        }
        guard !authority.contains("@"), !authority.contains("?"), !authority.contains("#") else {
            throw .config("\(name) must be scheme://host[:port] (got '\(text)')")
        }
        var hostPart = authority
        var portPart: Substring? = nil
        if authority.hasPrefix("[") {  // [IPv6]:port
            guard let close = authority.firstIndex(of: "]") else {
                throw .config("\(name) has an unterminated IPv6 address (got '\(text)')")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .config("\(name) is not a valid URL (got '\(text)')") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .config("\(name) has no host (got '\(text)')") }
        host = String(hostPart)
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw .config("\(name) has an invalid port (got '\(text)')")
            }
            port = number
        } else {
            port = usesTLS ? 443 : 80
        }
    }

    package var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "https" : "http")://\(shownHost):\(port)"
    }
}
