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
