/// A Modal workspace id (`ac-…`). The role's trust is pinned to it: Modal's `aud` is the same for every customer.
package struct ModalWorkspaceID: Sendable, Hashable {
    package let value: String

    package init(_ field: Field<String>) throws(CFNError) {
        try ModalNameRules.checkCharacters(field)
        let bytes = Array(field.value.utf8)
        guard bytes.count > 3, field.value.hasPrefix("ac-"), bytes.dropFirst(3).allSatisfy(\.isASCIIAlphanumeric) else {
            throw .invalid(
                field.name,
                field.value,
                "must match \(ModalNameRules.workspacePattern) (a Modal workspace id as shown by `modal token info`, "
                    + "not the workspace name)"
            )
        }
        value = field.value
    }
}

/// A Modal environment name.
package struct ModalEnvironmentName: Sendable, Hashable {
    package let value: String

    package init(_ field: Field<String>) throws(CFNError) {
        try ModalNameRules.checkCharacters(field)
        let bytes = Array(field.value.utf8)
        guard (1...64).contains(bytes.count), ModalNameRules.isLetterOrDigit(bytes[0]),
            bytes.allSatisfy(ModalNameRules.isNameCharacter)
        else {
            throw .invalid(
                field.name,
                field.value,
                "must match \(ModalNameRules.environmentPattern) (Modal environment names)"
            )
        }
        if field.value.lowercased().hasPrefix("en-") {
            throw .invalid(field.name, field.value, "must not start with 'en-' (Modal reserves it for environment ids)")
        }
        value = field.value
    }
}

/// A Modal app name. Modal issues no OIDC token to an app whose name breaks these rules.
package struct ModalAppName: Sendable, Hashable {
    package let value: String

    package init(_ field: Field<String>) throws(CFNError) {
        try ModalNameRules.checkCharacters(field)
        let bytes = Array(field.value.utf8)
        guard (1...64).contains(bytes.count), bytes.allSatisfy(ModalNameRules.isNameCharacter) else {
            throw .invalid(field.name, field.value, "must match \(ModalNameRules.appPattern) (Modal app names)")
        }
        if bytes.count == 25, field.value.hasPrefix("ap-"), bytes.dropFirst(3).allSatisfy(\.isASCIIAlphanumeric) {
            throw .invalid(field.name, field.value, "must not look like an app id ('ap-' and 22 letters or digits)")
        }
        value = field.value
    }
}

/// A Modal function name: a Python identifier, optionally `Class.method`, or a class service `Class.*`.
package struct ModalFunctionName: Sendable, Hashable {
    package let value: String

    package init(_ field: Field<String>) throws(CFNError) {
        try ModalNameRules.checkCharacters(field, allowClassSuffix: true)
        let parts = field.value.split(separator: ".", omittingEmptySubsequences: false)
        func isIdentifier(_ part: Substring) -> Bool {
            let bytes = Array(part.utf8)
            guard let first = bytes.first, ModalNameRules.isIdentifierStart(first) else { return false }
            return bytes.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") }
        }
        let valid =
            switch parts.count {
            case 1: isIdentifier(parts[0])
            case 2: isIdentifier(parts[0]) && (parts[1] == "*" || isIdentifier(parts[1]))
            default: false
            }
        guard valid else {
            throw .invalid(
                field.name,
                field.value,
                "must match \(ModalNameRules.functionPattern) (a Python identifier, optionally '.method' or the "
                    + "class-service suffix '.*')"
            )
        }
        value = field.value
    }

    /// For a method `Cls.method`, the class service `Cls.*` whose containers run it (`nil` otherwise).
    package var classService: String? {
        guard let dot = value.firstIndex(of: "."), !value.hasSuffix(".*") else { return nil }
        return value[..<dot] + ".*"
    }

    /// The name as it goes into a `StringLike` pattern (`Model.*` → `Model.${*}`).
    package var patternText: String { ModalNameRules.escapedForStringLike(value) }
}
