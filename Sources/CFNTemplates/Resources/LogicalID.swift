/// A CloudFormation logical id, parameter, condition or output name: 1–255 ASCII letters and digits (a hyphen or
/// underscore is error E3001 in cfn-lint and a deploy-time failure).
package struct LogicalID: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let value: String

    /// Validates `value`; `field` names where it came from.
    package init(_ value: String, field: String = "logical id") throws(CFNError) {
        guard !value.isEmpty, value.utf8.count <= 255 else {
            throw .invalid(field, value, "must be 1–255 characters (CloudFormation logical id)")
        }
        guard value.utf8.allSatisfy(\.isASCIIAlphanumeric) else {
            throw .invalid(
                field,
                value,
                "must contain only the letters A–Z, a–z and digits 0–9 (CloudFormation logical id)"
            )
        }
        self.value = value
    }

    /// For ids written in the generator's source: traps on an invalid literal (a programming error).
    init(known value: String) {
        precondition(!value.isEmpty && value.utf8.allSatisfy(\.isASCIIAlphanumeric), "invalid logical id \(value)")
        self.value = value
    }

    /// An id derived from a free-form name: every run of letters and digits becomes one capitalised word
    /// (`make_thumbnail` → `MakeThumbnail`, `Cls.*` → `Cls`). `nil` when the name has no letter or digit.
    package static func derived(from name: String) -> LogicalID? {
        var result = ""
        var startOfWord = true
        for scalar in name.unicodeScalars {
            guard scalar.isASCII, UInt8(scalar.value).isASCIIAlphanumeric else {
                startOfWord = true
                continue
            }
            let character = Character(scalar)
            result.append(startOfWord ? Character(character.uppercased()) : character)
            startOfWord = false
        }
        guard !result.isEmpty else { return nil }
        return LogicalID(known: String(result.prefix(200)))
    }

    /// This id with `suffix` appended (`Thumbnails` + `Queue`).
    package func appending(_ suffix: String) -> LogicalID { LogicalID(known: value + suffix) }

    package var description: String { value }
    package static func < (lhs: LogicalID, rhs: LogicalID) -> Bool {
        lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
    }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
