package import JSON

/// A template parameter (`Parameters` section).
package struct TemplateParameter: Sendable, Hashable {
    package var type: String
    package var description: String
    package var defaultValue: String?
    package var allowedValues: [String]
    package var allowedPattern: String?
    package var constraintDescription: String?
    package var minLength: Int?
    package var maxLength: Int?

    package init(
        type: String = "String",
        description: String,
        defaultValue: String? = nil,
        allowedValues: [String] = [],
        allowedPattern: String? = nil,
        constraintDescription: String? = nil,
        minLength: Int? = nil,
        maxLength: Int? = nil
    ) {
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.allowedPattern = allowedPattern
        self.constraintDescription = constraintDescription
        self.minLength = minLength
        self.maxLength = maxLength
    }

    /// The `Parameters` entry.
    package var json: JSONValue {
        var object: JSONObject = ["Type": .string(type), "Description": .string(description)]
        if let defaultValue { object["Default"] = .string(defaultValue) }
        if !allowedValues.isEmpty { object["AllowedValues"] = .array(allowedValues.map { .string($0) }) }
        if let allowedPattern { object["AllowedPattern"] = .string(allowedPattern) }
        if let constraintDescription { object["ConstraintDescription"] = .string(constraintDescription) }
        if let minLength { object["MinLength"] = .integer(minLength) }
        if let maxLength { object["MaxLength"] = .integer(maxLength) }
        return .object(object)
    }
}
