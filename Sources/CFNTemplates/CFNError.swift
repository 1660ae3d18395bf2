/// The one error of the CloudFormation generator: invalid input, an unsafe trust policy, or a template over a
/// CloudFormation limit. The message always starts with the field it is about (a flag such as `--function` or a
/// config path such as `functions[0].app`) and names the rule that failed, so it can be shown as is.
package struct CFNError: Error, CustomStringConvertible {
    package enum Code: String, Sendable, Hashable {
        /// A value breaks a naming or range rule.
        case invalidValue
        /// A required value is missing.
        case missingValue
        /// A value was given where the chosen options do not allow one (or twice).
        case conflictingValue
        /// A configuration file has a key the generator does not know, or the wrong JSON type.
        case invalidConfig
        /// The trust policy would let more principals in than intended.
        case unsafeTrustPolicy
        /// A CloudFormation or IAM size limit would be exceeded.
        case limitExceeded
    }

    package var code: Code
    package var message: String
    package var underlying: (any Error)?

    package init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    package var description: String { message }

    /// The Lambda-style `Category.Reason` name of the error.
    package var errorType: String {
        switch code {
        case .invalidValue: "CFN.InvalidValue"
        case .missingValue: "CFN.MissingValue"
        case .conflictingValue: "CFN.ConflictingValue"
        case .invalidConfig: "CFN.InvalidConfig"
        case .unsafeTrustPolicy: "CFN.UnsafeTrustPolicy"
        case .limitExceeded: "CFN.LimitExceeded"
        }
    }

    /// `field` breaks `rule` (the message reads "FIELD: 'VALUE' RULE").
    package static func invalid(_ field: String, _ value: String, _ rule: String) -> CFNError {
        CFNError(code: .invalidValue, message: "\(field): '\(printable(value))' \(rule)")
    }

    /// `field` is required (`why` says when).
    package static func missing(_ field: String, _ why: String) -> CFNError {
        CFNError(code: .missingValue, message: "\(field): missing; \(why)")
    }

    /// `field` must not be given (`why` says why).
    package static func conflicting(_ field: String, _ why: String) -> CFNError {
        CFNError(code: .conflictingValue, message: "\(field): \(why)")
    }

    /// A configuration file problem at `path`.
    package static func config(_ path: String, _ problem: String) -> CFNError {
        CFNError(code: .invalidConfig, message: "\(path): \(problem)")
    }

    /// The trust policy check `rule` failed.
    package static func unsafeTrust(_ field: String, _ rule: String) -> CFNError {
        CFNError(code: .unsafeTrustPolicy, message: "\(field): \(rule)")
    }

    /// A limit was exceeded.
    package static func limit(_ field: String, _ rule: String) -> CFNError {
        CFNError(code: .limitExceeded, message: "\(field): \(rule)")
    }

    /// The value as it can be shown in a message: control characters escaped, long values cut.
    static func printable(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(200) {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0..<0x20, 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return value.unicodeScalars.count > 200 ? out + "…" : out
    }
}
