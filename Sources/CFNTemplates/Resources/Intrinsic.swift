package import JSON

/// CloudFormation intrinsic functions and pseudo parameters, built as JSON values.
package enum Fn {
    /// `{"Ref": name}`.
    package static func ref(_ name: LogicalID) -> JSONValue { ["Ref": .string(name.value)] }

    /// `{"Ref": "AWS::…"}` for a pseudo parameter.
    package static func ref(_ pseudo: Pseudo) -> JSONValue { ["Ref": .string(pseudo.rawValue)] }

    /// `{"Fn::GetAtt": [resource, attribute]}`.
    package static func getAtt(_ resource: LogicalID, _ attribute: String) -> JSONValue {
        ["Fn::GetAtt": [.string(resource.value), .string(attribute)]]
    }

    /// `{"Fn::Sub": text}`.
    package static func sub(_ text: SubText) -> JSONValue { ["Fn::Sub": .string(text.template)] }

    /// `{"Fn::Sub": [text, variables]}`.
    package static func sub(_ text: SubText, _ variables: [(String, JSONValue)]) -> JSONValue {
        ["Fn::Sub": [.string(text.template), .object(JSONObject(variables))]]
    }

    /// `{"Fn::If": [condition, whenTrue, whenFalse]}`.
    package static func `if`(_ condition: LogicalID, _ whenTrue: JSONValue, _ whenFalse: JSONValue) -> JSONValue {
        ["Fn::If": [.string(condition.value), whenTrue, whenFalse]]
    }

    /// `{"Fn::Equals": [lhs, rhs]}`.
    package static func equals(_ lhs: JSONValue, _ rhs: JSONValue) -> JSONValue { ["Fn::Equals": [lhs, rhs]] }

    /// `{"Fn::Select": [index, list]}`.
    package static func select(_ index: Int, _ list: JSONValue) -> JSONValue {
        ["Fn::Select": [.integer(index), list]]
    }

    /// `{"Fn::Split": [delimiter, text]}`.
    package static func split(_ delimiter: String, _ text: JSONValue) -> JSONValue {
        ["Fn::Split": [.string(delimiter), text]]
    }

    /// The pseudo parameters the generator uses.
    package enum Pseudo: String, Sendable {
        case partition = "AWS::Partition"
        case accountID = "AWS::AccountId"
        case region = "AWS::Region"
        case stackID = "AWS::StackId"
    }
}

/// The text of an `Fn::Sub`, built from literal pieces and `${…}` references. Literal text is escaped the way
/// `Fn::Sub` requires: every `${` becomes `${!`, so an IAM policy variable such as `${*}` is written `${!*}` and comes
/// out of CloudFormation as `${*}` (cfn-lint E1019 otherwise, and CloudFormation would try to resolve it).
package struct SubText: Sendable, Hashable, ExpressibleByStringLiteral {
    package private(set) var template: String

    package init() { template = "" }

    /// A template written in source: references as `${…}`, no literal `${` (use ``literal(_:)`` for those).
    package init(stringLiteral value: String) { template = value }

    /// Literal text, escaped for `Fn::Sub`.
    package static func literal(_ text: String) -> SubText {
        var sub = SubText()
        sub.append(literal: text)
        return sub
    }

    /// `${name}` alone.
    package static func reference(_ name: String) -> SubText {
        var sub = SubText()
        sub.append(reference: name)
        return sub
    }

    /// Appends literal text (escaped).
    package mutating func append(literal text: String) {
        var rest = Substring(text)
        while let range = rest.firstRange(of: "${") {
            template += rest[..<range.lowerBound]
            template += "${!"
            rest = rest[range.upperBound...]
        }
        template += rest
    }

    /// Appends `${name}`.
    package mutating func append(reference name: String) { template += "${\(name)}" }

    /// Appends another template unchanged.
    package mutating func append(_ other: SubText) { template += other.template }

    package static func + (lhs: SubText, rhs: SubText) -> SubText {
        var result = lhs
        result.append(rhs)
        return result
    }
}
