/// Validation of the AWS-side values a user types: role names, paths, ARNs, tags, bucket names, numbers.
package enum AWSNameRules {
    package static let roleNameRule = "must be 1–64 characters of letters, digits and + = , . @ _ - (IAM role names)"
    package static let pathRule =
        "must be '/' or start and end with '/' with characters '!'–'~' between, at most 512 (IAM path)"
    package static let partitions = [
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ]

    /// An IAM role name.
    package static func roleName(_ field: Field<String>) throws(CFNError) -> String {
        let bytes = Array(field.value.utf8)
        let extra = Set("+=,.@_-".utf8)
        guard (1...64).contains(bytes.count), bytes.allSatisfy({ $0.isASCIIAlphanumeric || extra.contains($0) }) else {
            throw .invalid(field.name, field.value, roleNameRule)
        }
        return field.value
    }

    /// An IAM path.
    package static func path(_ field: Field<String>) throws(CFNError) -> String {
        let bytes = Array(field.value.utf8)
        let printable = bytes.allSatisfy { (UInt8(ascii: "!")...UInt8(ascii: "~")).contains($0) }
        guard (1...512).contains(bytes.count), printable, bytes.first == UInt8(ascii: "/"),
            bytes.last == UInt8(ascii: "/")
        else { throw .invalid(field.name, field.value, pathRule) }
        return field.value
    }

    /// A managed policy ARN (`arn:PARTITION:iam::aws|ACCOUNT:policy/…`).
    package static func managedPolicyARN(_ field: Field<String>) throws(CFNError) -> String {
        let parts = field.value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let rule = "must be a managed policy ARN, arn:PARTITION:iam::aws|ACCOUNT-ID:policy/NAME"
        guard parts.count == 6, parts[0] == "arn", partitions.contains(String(parts[1])), parts[2] == "iam",
            parts[3].isEmpty,
            parts[4] == "aws" || isAccountID(parts[4]), parts[5].hasPrefix("policy/"), parts[5].count > 7,
            parts[5].utf8.allSatisfy({ (UInt8(ascii: "!")...UInt8(ascii: "~")).contains($0) && $0 != UInt8(ascii: "*") }
            )
        else { throw .invalid(field.name, field.value, rule) }
        return field.value
    }

    /// A customer-managed KMS key ARN.
    package static func kmsKeyARN(_ field: Field<String>) throws(CFNError) -> String {
        let parts = field.value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let keyID = parts.count == 6 ? parts[5].dropFirst(4) : ""
        guard parts.count == 6, parts[0] == "arn", partitions.contains(String(parts[1])), parts[2] == "kms",
            isRegion(parts[3]), isAccountID(parts[4]), parts[5].hasPrefix("key/"), !keyID.isEmpty,
            keyID.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") })
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be a KMS key ARN, arn:PARTITION:kms:REGION:ACCOUNT-ID:key/KEY-ID"
            )
        }
        return field.value
    }

    /// The ARN of an existing resource of `service` (`sqs`, `sns`, `secretsmanager`) in one region and account.
    package static func regionalARN(
        _ field: Field<String>,
        service: String,
        resourceRule: (Substring) -> Bool
    ) throws(CFNError) -> String {
        let parts = field.value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", partitions.contains(String(parts[1])), parts[2] == service,
            isRegion(parts[3]), isAccountID(parts[4]), resourceRule(parts[5])
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be an ARN arn:PARTITION:\(service):REGION:ACCOUNT-ID:NAME of an existing resource"
            )
        }
        return field.value
    }

    /// The full ARN of an existing Secrets Manager secret: `…:secret:NAME-XXXXXX`. Secrets Manager appends `-` and six
    /// random characters to the name; an IAM policy on the partial ARN (without them) matches no secret.
    package static func secretARN(_ field: Field<String>) throws(CFNError) -> String {
        let arn = try regionalARN(field, service: "secretsmanager") { resource in
            resource.hasPrefix("secret:") && resource.count > 7
                && resource.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != "*" && $0 != "?" }
        }
        let name = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)[6]
        let suffix = name.suffix(7)
        guard name.count > 7, suffix.first == "-", suffix.dropFirst().utf8.allSatisfy(\.isASCIIAlphanumeric) else {
            throw .invalid(
                field.name,
                field.value,
                "must be the full secret ARN, ending in the '-' and 6 random characters Secrets Manager appends to "
                    + "the name (…:secret:NAME-AbCdEf; `aws secretsmanager describe-secret --secret-id NAME` shows "
                    + "it): a policy on a partial ARN never matches the secret"
            )
        }
        return arn
    }

    /// An S3 bucket name (general purpose buckets).
    package static func bucketName(_ field: Field<String>) throws(CFNError) -> String {
        let bytes = Array(field.value.utf8)
        let allowed = bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        let ends = bytes.first.map(\.isASCIIAlphanumeric) == true && bytes.last.map(\.isASCIIAlphanumeric) == true
        guard (3...63).contains(bytes.count), allowed, ends, !field.value.contains(".."), !field.value.contains(".-"),
            !field.value.contains("-."), !field.value.hasPrefix("xn--")
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be an S3 bucket name: 3–63 characters of a–z, 0–9, '.' and '-', starting and ending with a letter or digit"
            )
        }
        return field.value
    }

    /// An integer in `range` (`what` says what it is, for the message).
    package static func integer(_ field: Field<Int>, in range: ClosedRange<Int>, _ what: String) throws(CFNError) -> Int
    {
        guard range.contains(field.value) else {
            throw .invalid(
                field.name,
                String(field.value),
                "must be between \(range.lowerBound) and \(range.upperBound) (\(what))"
            )
        }
        return field.value
    }

    /// Free text for an IAM description: at most `limit` characters from IAM's pattern
    /// `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]` (no DEL, no C1 controls, no no-break space).
    package static func description(_ field: Field<String>, limit: Int = 1000) throws(CFNError) -> String {
        guard field.value.unicodeScalars.count <= limit, field.value.unicodeScalars.allSatisfy(isIAMTextScalar) else {
            throw .invalid(
                field.name,
                field.value,
                "must be at most \(limit) characters of tab, newline, carriage return, U+0020–U+007E and "
                    + "U+00A1–U+00FF (IAM's pattern for descriptions)"
            )
        }
        return field.value
    }

    /// A template description: at most 1024 bytes of UTF-8 (CloudFormation counts bytes), no control characters
    /// but tab and newline.
    package static func templateDescription(_ field: Field<String>) throws(CFNError) -> String {
        let bytes = field.value.utf8.count
        guard bytes <= 1_024 else {
            throw .invalid(
                field.name,
                field.value,
                "is \(bytes) bytes; a template description must be at most 1024 bytes (UTF-8)"
            )
        }
        guard
            field.value.unicodeScalars.allSatisfy({
                $0.value == 0x09 || $0.value == 0x0A || !($0.properties.generalCategory == .control)
            })
        else {
            throw .invalid(field.name, field.value, "must not contain control characters other than tab and newline")
        }
        return field.value
    }

    /// A character IAM accepts in a description: tab, LF, CR, U+0020–U+007E, U+00A1–U+00FF.
    static func isIAMTextScalar(_ scalar: Unicode.Scalar) -> Bool {
        [0x09, 0x0A, 0x0D].contains(scalar.value) || (0x20...0x7E).contains(scalar.value)
            || (0xA1...0xFF).contains(scalar.value)
    }

    static func isAccountID(_ text: Substring) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    static func isRegion(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                $0.isASCIIAlphanumeric && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
    }
}
