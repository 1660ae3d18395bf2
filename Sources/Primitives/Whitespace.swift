/// The whitespace a caller trims from both ends of a value. Each set is the rule of one kind of input; pick the one
/// that matches where the text came from.
package enum Whitespace: Sendable {
    /// Space and horizontal tab: HTTP's optional whitespace (RFC 9110 §5.6.3) around header list elements.
    case spaceAndTab
    /// Space, tab, CR and LF (a CR LF pair too): values from the Runtime API, AWS responses, secrets and endpoint
    /// URLs.
    case ascii
    /// Every Unicode whitespace character (`Character.isWhitespace`), as environment variables are trimmed.
    case unicode
}

extension StringProtocol {
    /// The text without the leading and trailing characters of `whitespace`; `""` when nothing else is left.
    package func trimming(_ whitespace: Whitespace) -> String {
        switch whitespace {
        case .spaceAndTab:
            // By scalar, so a space followed by a combining mark still goes (the mark stays).
            let scalars = Substring(self).unicodeScalars
            guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
                let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
            else { return "" }
            return String(scalars[first...last])
        case .ascii:
            return trimmingCharacters(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        case .unicode:
            return trimmingCharacters(where: \.isWhitespace)
        }
    }

    private func trimmingCharacters(where isSpace: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
