// Target CFNTemplates (pure leaf): everything `modal-bridge cfn` writes, from validated inputs to deterministic
// CloudFormation JSON: the OIDC provider, Modal roles and their trust policies, the bridge stack and its event
// sources. No I/O (the CLI reads and writes files). May import: JSON. See docs/cloudformation.md.

package import JSON

/// A CloudFormation template: typed sections, unique logical ids, and a deterministic rendering (sorted keys, two-space
/// indentation, no escaped slashes, one trailing newline).
package struct Template: Sendable {
    /// CloudFormation's own limits (the inline body limit is checked on the rendered bytes).
    package enum Limits {
        /// `TemplateBody` / `aws cloudformation deploy` without `--s3-bucket`.
        package static let inlineBodyBytes = 51_200
        /// A template uploaded to S3 first.
        package static let s3BodyBytes = 1_000_000
        package static let resources = 500
        package static let parameters = 200
        package static let outputs = 200
    }

    package var description: String
    package private(set) var parameters: [LogicalID: TemplateParameter] = [:]
    package private(set) var conditions: [LogicalID: JSONValue] = [:]
    package private(set) var resources: [LogicalID: TemplateResource] = [:]
    package private(set) var outputs: [LogicalID: TemplateOutput] = [:]
    /// `Rules`: assertions CloudFormation checks before it creates anything.
    package private(set) var rules: [LogicalID: JSONValue] = [:]

    package init(description: String) { self.description = description }

    /// Adds a parameter; a name already used by a parameter or resource is an error.
    package mutating func add(parameter: TemplateParameter, as name: LogicalID) throws(CFNError) {
        try checkUnused(name)
        parameters[name] = parameter
    }

    /// Adds a condition.
    package mutating func add(condition: JSONValue, as name: LogicalID) throws(CFNError) {
        guard conditions[name] == nil else { throw duplicate(name) }
        conditions[name] = condition
    }

    /// Adds a resource; a logical id already used by a parameter or resource is an error.
    package mutating func add(resource: TemplateResource, as name: LogicalID) throws(CFNError) {
        try checkUnused(name)
        resources[name] = resource
    }

    /// Adds an output.
    package mutating func add(output: TemplateOutput, as name: LogicalID) throws(CFNError) {
        guard outputs[name] == nil else { throw duplicate(name) }
        outputs[name] = output
    }

    /// Adds a rule.
    package mutating func add(rule: JSONValue, as name: LogicalID) throws(CFNError) {
        guard rules[name] == nil else { throw duplicate(name) }
        rules[name] = rule
    }

    private func checkUnused(_ name: LogicalID) throws(CFNError) {
        if parameters[name] != nil || resources[name] != nil { throw duplicate(name) }
    }

    private func duplicate(_ name: LogicalID) -> CFNError {
        .conflicting("logical id", "'\(name.value)' is used twice in the template (logical ids must be unique)")
    }

    /// The template as a JSON value.
    package var json: JSONValue {
        var object: JSONObject = [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": .string(description),
        ]
        func section<T>(_ entries: [LogicalID: T], _ render: (T) -> JSONValue) -> JSONValue {
            .object(JSONObject(entries.sorted { $0.key < $1.key }.map { ($0.key.value, render($0.value)) }))
        }
        if !parameters.isEmpty { object["Parameters"] = section(parameters, \.json) }
        if !rules.isEmpty { object["Rules"] = section(rules) { $0 } }
        if !conditions.isEmpty { object["Conditions"] = section(conditions) { $0 } }
        object["Resources"] = section(resources, \.json)
        if !outputs.isEmpty { object["Outputs"] = section(outputs, \.json) }
        return .object(object)
    }

    /// The rendered template: pretty-printed, keys sorted, slashes unescaped, newline-terminated.
    package func rendered() -> [UInt8] {
        json.serialized(.prettySorted) + [UInt8(ascii: "\n")]
    }

    /// Checks the counts CloudFormation enforces and that the rendered body fits `maxBodyBytes` (51,200 for an
    /// inline template). Returns the rendered bytes.
    package func renderChecked(maxBodyBytes: Int = Limits.inlineBodyBytes) throws(CFNError) -> [UInt8] {
        if resources.isEmpty { throw .limit("template", "has no resources (CloudFormation needs at least one)") }
        if resources.count > Limits.resources {
            throw .limit(
                "template",
                "has \(resources.count) resources, over CloudFormation's limit of \(Limits.resources)"
            )
        }
        if parameters.count > Limits.parameters {
            throw .limit(
                "template",
                "has \(parameters.count) parameters, over CloudFormation's limit of \(Limits.parameters)"
            )
        }
        if outputs.count > Limits.outputs {
            throw .limit("template", "has \(outputs.count) outputs, over CloudFormation's limit of \(Limits.outputs)")
        }
        let bytes = rendered()
        if bytes.count > maxBodyBytes {
            if maxBodyBytes < Limits.s3BodyBytes {
                throw .limit(
                    "template",
                    "is \(bytes.count) bytes, over the \(maxBodyBytes)-byte limit for an inline template body; split "
                        + "the functions over several stacks, or allow a large template and deploy it through S3 "
                        + "(`aws cloudformation deploy --s3-bucket BUCKET …`, up to \(Limits.s3BodyBytes) bytes)"
                )
            }
            throw .limit("template", "is \(bytes.count) bytes, over CloudFormation's \(maxBodyBytes)-byte limit")
        }
        return bytes
    }
}
