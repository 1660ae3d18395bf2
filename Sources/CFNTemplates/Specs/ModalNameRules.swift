/// The rules a Modal name must pass before it is written into an IAM `StringLike` pattern (reference §5.5).
///
/// First the characters: nothing that could widen or break the pattern (`:` would let a name span sub-claim fields,
/// `*` and `?` are wildcards, `$ { }` start policy variables), no whitespace, and nothing outside U+0020–U+00FF (all
/// IAM policy text may hold). Then Modal's own pattern for that kind of name.
package enum ModalNameRules {
    package static let workspacePattern = "^ac-[A-Za-z0-9]+$"
    package static let environmentPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
    package static let appPattern = "^[A-Za-z0-9._-]{1,64}$"
    package static let functionPattern = #"^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\*))?$"#

    package static let colonRule =
        "must not contain ':' (the separator of the OIDC sub claim: a name with ':' could stand for other fields)"
    package static let wildcardRule = "must not contain the IAM wildcards '*' or '?'"
    package static let classSuffixRule =
        "may contain '*' only as the class-service suffix '.*' at the end (as in 'Model.*')"
    package static let variableRule = "must not contain '$', '{' or '}' (IAM policy variable syntax)"
    package static let whitespaceRule = "must not contain whitespace"
    package static let latin1Rule =
        "must contain only characters U+0020–U+00FF (the characters IAM policy text may hold)"
    package static let emptyRule = "must not be empty"

    /// Checks the characters of `field`; `allowClassSuffix` lets a trailing `.*` through (function names only).
    static func checkCharacters(_ field: Field<String>, allowClassSuffix: Bool = false) throws(CFNError) {
        let value = field.value
        guard !value.isEmpty else { throw .invalid(field.name, value, emptyRule) }
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isWhitespace { throw .invalid(field.name, value, whitespaceRule) }
            if scalar.value < 0x20 || scalar.value > 0xFF { throw .invalid(field.name, value, latin1Rule) }
            switch scalar {
            case ":": throw .invalid(field.name, value, colonRule)
            case "*":
                let isClassSuffix =
                    allowClassSuffix && index == scalars.count - 1 && index > 0 && scalars[index - 1] == "."
                if !isClassSuffix {
                    throw .invalid(field.name, value, allowClassSuffix ? classSuffixRule : wildcardRule)
                }
            case "?": throw .invalid(field.name, value, wildcardRule)
            case "$", "{", "}": throw .invalid(field.name, value, variableRule)
            default: break
            }
        }
    }

    /// `value` written for an IAM `StringLike` pattern: `*` → `${*}`, `?` → `${?}`, `$` → `${$}`.
    package static func escapedForStringLike(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "*": out += "${*}"
            case "?": out += "${?}"
            case "$": out += "${$}"
            default: out.append(character)
            }
        }
        return out
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool { byte.isASCIIAlphanumeric }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_")
            || (byte.isASCIIAlphanumeric && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        byte.isASCIIAlphanumeric || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
