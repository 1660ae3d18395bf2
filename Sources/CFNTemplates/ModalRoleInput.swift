/// The raw options of a Modal role, from flags or a configuration file, each with the field it came from.
package struct ModalRoleInput: Sendable {
    package var scope: Field<String>?
    package var workspace: Field<String>?
    /// The name to report when the workspace is missing.
    package var workspaceName: String
    package var environments: FieldList
    package var apps: FieldList
    package var functions: FieldList
    package var roleName: Field<String>?
    package var path: Field<String>?
    package var description: Field<String>?
    package var managedPolicyARNs: FieldList
    package var permissionsBoundary: Field<String>?
    package var maxSessionDuration: Field<Int>?
    package var s3Read: FieldList
    package var s3ReadWrite: FieldList
    package var tags: [TagInput]
    /// The name to report when there are too many tags.
    package var tagsName: String
    package var maxTrustPolicyLength: Field<Int>?

    /// An input with every field absent; list names and the workspace's name follow the flag spelling.
    package init() {
        workspaceName = "--workspace"
        environments = .flag("--environment", [])
        apps = .flag("--app", [])
        functions = .flag("--function", [])
        managedPolicyARNs = .flag("--managed-policy-arn", [])
        s3Read = .flag("--s3-read", [])
        s3ReadWrite = .flag("--s3-read-write", [])
        tags = []
        tagsName = "--tag"
    }
}

/// A validated Modal role: who may assume it and what it may do.
package struct ModalRoleSpec: Sendable, Hashable {
    package var subjects: ModalSubjects
    package var roleName: String?
    package var path: String?
    package var description: String?
    package var managedPolicyARNs: [String]
    package var permissionsBoundary: String?
    package var maxSessionDuration: Int?
    package var s3Grants: [S3Grant]
    package var tags: [ResourceTag]
    package var maxTrustPolicyLength: Int
    /// The name errors about the whole role use (`role`, `functions[0].modalRole`).
    package var field: String

    /// Validates `input`; `field` names the role in errors about the policy as a whole.
    package init(_ input: ModalRoleInput, field: String = "role") throws(CFNError) {
        var scope = ModalScope.function
        if let raw = input.scope {
            guard let parsed = ModalScope(rawValue: raw.value) else {
                throw .invalid(raw.name, raw.value, "must be one of workspace, environment, app, function")
            }
            scope = parsed
        }
        subjects = try ModalSubjects(
            scope: scope,
            workspace: input.workspace,
            workspaceName: input.workspaceName,
            environments: input.environments,
            apps: input.apps,
            functions: input.functions
        )
        roleName = try input.roleName.map(AWSNameRules.roleName)
        path = try input.path.map(AWSNameRules.path)
        description = try input.description.map { field throws(CFNError) in try AWSNameRules.description(field) }
        managedPolicyARNs = try input.managedPolicyARNs.validated(AWSNameRules.managedPolicyARN)
        if managedPolicyARNs.count > 20 {
            throw .limit(input.managedPolicyARNs.name, "at most 20 managed policies can be attached to a role")
        }
        permissionsBoundary = try input.permissionsBoundary.map(AWSNameRules.managedPolicyARN)
        maxSessionDuration = try input.maxSessionDuration.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 3_600...43_200, "seconds, IAM MaxSessionDuration")
        }
        s3Grants =
            try input.s3Read.validated { field throws(CFNError) in try S3Grant(field, access: .read) }
            + input.s3ReadWrite.validated { field throws(CFNError) in try S3Grant(field, access: .readWrite) }
        tags = []
        for tag in input.tags {
            let valid = try ResourceTag(key: tag.key, value: tag.value)
            if tags.contains(where: { $0.key == valid.key }) { throw .conflicting(tag.key.name, "tag key '\(valid.key)' is given twice") }
            tags.append(valid)
        }
        if tags.count > 50 { throw .limit(input.tagsName, "at most 50 tags per role") }
        maxTrustPolicyLength = try input.maxTrustPolicyLength.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 256...8_192, "characters of a minified trust policy")
        } ?? TrustPolicyAudit.defaultMaxLength
        self.field = field
    }
}

/// A tag as typed: the key (with its field name) and the value.
package struct TagInput: Sendable {
    package var key: Field<String>
    package var value: String

    package init(key: Field<String>, value: String) {
        self.key = key
        self.value = value
    }

    /// Splits `KEY=VALUE` at the first `=`.
    package init(_ field: Field<String>) throws(CFNError) {
        guard let equals = field.value.firstIndex(of: "=") else { throw .invalid(field.name, field.value, ResourceTag.rule) }
        self.init(key: Field(String(field.value[..<equals]), field.name), value: String(field.value[field.value.index(after: equals)...]))
    }
}
