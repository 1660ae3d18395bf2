import JSON

/// Reads the JSON configuration files of `cfn role` and `cfn stack`. Keys are the command's flag names in camelCase
/// (`--role-name` → `roleName`); a repeatable flag takes a string or a list of strings.
package enum ConfigFile {
    /// A `cfn role` configuration: the role input and whether the provider exists already.
    package static func role(_ bytes: [UInt8]) throws(CFNError) -> (input: ModalRoleInput, existingProvider: Bool) {
        var root = try ConfigObject(try parse(bytes), path: "")
        var input = ModalRoleInput()
        input.workspace = try root.string("workspace")
        input.workspaceName = root.name("workspace")
        input.environments = try root.strings("environment")
        input.apps = try root.strings("app")
        input.functions = try root.strings("function")
        try readRoleOptions(&root, into: &input)
        input.maxTrustPolicyLength = try root.int("maxTrustPolicyLength")
        let existing = try root.bool("existingProvider") ?? false
        try root.finish()
        return (input, existing)
    }

    /// The options shared by `cfn role` and a stack function's `modalRole`.
    static func readRoleOptions(_ object: inout ConfigObject, into input: inout ModalRoleInput) throws(CFNError) {
        input.scope = try object.string("scope")
        input.roleName = try object.string("roleName")
        input.path = try object.string("path")
        input.description = try object.string("description")
        input.managedPolicyARNs = try object.strings("managedPolicyArn")
        input.permissionsBoundary = try object.string("permissionsBoundary")
        input.maxSessionDuration = try object.int("maxSessionDuration")
        input.s3Read = try object.strings("s3Read")
        input.s3ReadWrite = try object.strings("s3ReadWrite")
        input.tagsName = object.name("tags")
        if var tags = try object.object("tags") {
            for key in tags.object.keys {
                guard let value = try tags.string(key) else { throw .config(tags.name(key), "must be a string") }
                input.tags.append(TagInput(key: Field(key, value.name), value: value.value))
            }
            try tags.finish()
        }
    }

    static func parse(_ bytes: [UInt8]) throws(CFNError) -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw CFNError(code: .invalidConfig, message: "configuration: not valid JSON (\(error))", underlying: error)
        }
    }
}
