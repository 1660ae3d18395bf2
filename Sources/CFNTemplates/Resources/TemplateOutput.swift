package import JSON

/// A template output (`Outputs` section).
package struct TemplateOutput: Sendable, Hashable {
    package var description: String
    package var value: JSONValue
    package var condition: LogicalID?

    package init(description: String, value: JSONValue, condition: LogicalID? = nil) {
        self.description = description
        self.value = value
        self.condition = condition
    }

    /// The `Outputs` entry.
    package var json: JSONValue {
        var object: JSONObject = ["Description": .string(description), "Value": value]
        if let condition { object["Condition"] = .string(condition.value) }
        return .object(object)
    }
}
