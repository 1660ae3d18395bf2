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
            if tags.contains(where: { $0.key == valid.key }) {
                throw .conflicting(tag.key.name, "tag key '\(valid.key)' is given twice")
            }
            tags.append(valid)
        }
        if tags.count > 50 { throw .limit(input.tagsName, "at most 50 tags per role") }
        maxTrustPolicyLength =
            try input.maxTrustPolicyLength.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 256...8_192, "characters of a minified trust policy")
            } ?? TrustPolicyAudit.defaultMaxLength
        self.field = field
    }
}
