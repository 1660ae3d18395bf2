package import JSON

/// IAM's quota on the inline policies of one role: 10,240 characters in total, whitespace not counted. Intrinsics
/// are measured at their longest: `${AWS::Partition}` as `aws-us-gov`, `${AWS::Region}` as 14 characters, the
/// account as 12 digits, and any other reference (a resource ARN of the same stack) as ``referenceLength``.
package enum InlinePolicySize {
    package static let limit = 10_240
    /// The length assumed for an ARN the template computes (`Fn::GetAtt`, `Ref`, `${X.Arn}`).
    package static let referenceLength = 160

    /// The characters IAM counts for these `Policies` entries (each `{PolicyName, PolicyDocument}`).
    package static func length(_ policies: [JSONValue]) -> Int {
        policies.reduce(0) { total, policy in
            let document = policy["PolicyDocument"] ?? policy
            let text = resolved(document).serialized(.compact)
            return total + text.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }.count
        }
    }

    /// Fails when `policies` are over the limit; `field` names the role.
    package static func check(_ policies: [JSONValue], field: String) throws(CFNError) {
        let total = length(policies)
        if total > limit {
            throw .limit(
                field,
                "the inline policies are \(total) characters without whitespace (intrinsics at their longest), over "
                    + "IAM's \(limit)-character limit per role; grant fewer buckets or prefixes per role, or attach a "
                    + "managed policy instead"
            )
        }
    }

    private static func resolved(_ value: JSONValue) -> JSONValue {
        if let object = value.objectValue {
            if object.count == 1, let key = object.keys.first, key == "Ref" || key.hasPrefix("Fn::") {
                if key == "Fn::Sub", let text = object[key]?.stringValue ?? object[key]?[0]?.stringValue {
                    return .string(substituted(text))
                }
                return .string(String(repeating: "x", count: referenceLength))
            }
            return .object(JSONObject(object.map { ($0.key, resolved($0.value)) }))
        }
        if let array = value.arrayValue { return .array(array.map(resolved)) }
        return value
    }

    private static func substituted(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            out += rest[..<open.lowerBound]
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = rest[..<close]
            rest = rest[rest.index(after: close)...]
            switch name {
            case "AWS::Partition": out += "aws-us-gov"
            case "AWS::Region": out += "ap-southeast-2"
            case "AWS::AccountId": out += "123456789012"
            default:
                out +=
                    name.hasPrefix("!") ? "${" + name.dropFirst() + "}" : String(repeating: "x", count: referenceLength)
            }
        }
        return out + rest
    }
}
