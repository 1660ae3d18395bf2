package import JSON

/// An IAM policy document, Version `2012-10-17` (the version in which `${*}`, `${?}` and `${$}` are escapes for
/// literal characters; under the old version they would be plain text).
package struct PolicyDocument: Sendable, Hashable {
    package static let version = "2012-10-17"

    package var statements: [PolicyStatement]

    package init(_ statements: [PolicyStatement]) { self.statements = statements }

    package var json: JSONValue {
        ["Version": .string(Self.version), "Statement": .array(statements.map(\.json))]
    }
}

/// One statement of a policy document. Single actions and resources are written as a string, several as a list.
package struct PolicyStatement: Sendable, Hashable {
    package var sid: String?
    package var effect: String
    package var principal: JSONValue?
    package var actions: [String]
    package var resources: [JSONValue]
    /// `{operator: {key: value-or-list}}`, written as given.
    package var condition: JSONObject

    package init(
        sid: String? = nil,
        effect: String = "Allow",
        principal: JSONValue? = nil,
        actions: [String],
        resources: [JSONValue] = [],
        condition: JSONObject = JSONObject()
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.actions = actions
        self.resources = resources
        self.condition = condition
    }

    package var json: JSONValue {
        var object = JSONObject()
        if let sid { object["Sid"] = .string(sid) }
        object["Effect"] = .string(effect)
        if let principal { object["Principal"] = principal }
        object["Action"] = actions.count == 1 ? .string(actions[0]) : .array(actions.map { .string($0) })
        if !resources.isEmpty { object["Resource"] = resources.count == 1 ? resources[0] : .array(resources) }
        if !condition.isEmpty { object["Condition"] = .object(condition) }
        return .object(object)
    }
}

extension PolicyDocument {
    /// An inline policy entry for `AWS::IAM::Role.Policies`.
    package func inlinePolicy(named name: String) -> JSONValue {
        ["PolicyName": .string(name), "PolicyDocument": json]
    }
}
