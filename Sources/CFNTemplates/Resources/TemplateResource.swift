package import JSON

/// A resource (`Resources` section): its type, properties and the resource attributes the generator uses.
package struct TemplateResource: Sendable, Hashable {
    /// `Delete`, `Retain`, `Snapshot`: for `DeletionPolicy` and `UpdateReplacePolicy`.
    package enum Policy: String, Sendable, Hashable {
        case delete = "Delete"
        case retain = "Retain"
    }

    package var type: String
    package var properties: JSONObject
    package var condition: LogicalID?
    package var dependsOn: [LogicalID]
    package var deletionPolicy: Policy?
    package var updateReplacePolicy: Policy?

    package init(
        type: String,
        properties: JSONObject,
        condition: LogicalID? = nil,
        dependsOn: [LogicalID] = [],
        deletionPolicy: Policy? = nil,
        updateReplacePolicy: Policy? = nil
    ) {
        self.type = type
        self.properties = properties
        self.condition = condition
        self.dependsOn = dependsOn
        self.deletionPolicy = deletionPolicy
        self.updateReplacePolicy = updateReplacePolicy
    }

    /// The `Resources` entry.
    package var json: JSONValue {
        var object: JSONObject = ["Type": .string(type)]
        if !properties.isEmpty { object["Properties"] = .object(properties) }
        if let condition { object["Condition"] = .string(condition.value) }
        if !dependsOn.isEmpty { object["DependsOn"] = .array(dependsOn.map { .string($0.value) }) }
        if let deletionPolicy { object["DeletionPolicy"] = .string(deletionPolicy.rawValue) }
        if let updateReplacePolicy { object["UpdateReplacePolicy"] = .string(updateReplacePolicy.rawValue) }
        return .object(object)
    }
}
