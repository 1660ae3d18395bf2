import ArgumentParser
import CFNTemplates

/// The Modal-role flags of `cfn stack` (the role's workspace, environment and app are the function's).
struct StackModalRoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust scope: function (default), app, environment or workspace.", valueName: "scope"))
    var modalScope: String?

    @Option(
        help: ArgumentHelp("Trust these functions of the app instead of --function (repeatable).", valueName: "name")
    )
    var modalFunction: [String] = []

    @Option(help: ArgumentHelp("Name of the Modal role (default: generated).", valueName: "name"))
    var modalRoleName: String?

    @Option(help: ArgumentHelp("IAM path of the Modal role.", valueName: "path"))
    var modalPath: String?

    @Option(help: ArgumentHelp("Managed policy for the Modal role (repeatable).", valueName: "arn"))
    var modalManagedPolicyArn: [String] = []

    @Option(help: ArgumentHelp("Permissions boundary of the Modal role.", valueName: "arn"))
    var modalPermissionsBoundary: String?

    @Option(help: ArgumentHelp("Longest Modal role session, 3600-43200 seconds.", valueName: "seconds"))
    var modalMaxSessionDuration: Int?

    @Option(help: ArgumentHelp("Modal role reads BUCKET or BUCKET/PREFIX (repeatable).", valueName: "bucket[/prefix]"))
    var modalS3Read: [String] = []

    @Option(
        help: ArgumentHelp(
            "Modal role reads and writes BUCKET or BUCKET/PREFIX (repeatable).",
            valueName: "bucket[/prefix]"
        )
    )
    var modalS3ReadWrite: [String] = []

    @Option(help: ArgumentHelp("Tag the Modal role (repeatable).", valueName: "key=value"))
    var modalTag: [String] = []

    var isUsed: Bool {
        [modalScope, modalRoleName, modalPath, modalPermissionsBoundary].contains { $0 != nil }
            || [modalFunction, modalManagedPolicyArn, modalS3Read, modalS3ReadWrite, modalTag].contains { !$0.isEmpty }
            || modalMaxSessionDuration != nil
    }

    func fill(_ function: inout BridgedFunctionInput) throws(CFNError) {
        var role = ModalRoleInput()
        role.scope = modalScope.field("--modal-scope")
        role.functions = .flag("--modal-function", modalFunction)
        role.roleName = modalRoleName.field("--modal-role-name")
        role.path = modalPath.field("--modal-path")
        role.managedPolicyARNs = .flag("--modal-managed-policy-arn", modalManagedPolicyArn)
        role.permissionsBoundary = modalPermissionsBoundary.field("--modal-permissions-boundary")
        role.maxSessionDuration = modalMaxSessionDuration.field("--modal-max-session-duration")
        role.s3Read = .flag("--modal-s3-read", modalS3Read)
        role.s3ReadWrite = .flag("--modal-s3-read-write", modalS3ReadWrite)
        role.tagsName = "--modal-tag"
        for value in modalTag { role.tags.append(try TagInput(Field(value, "--modal-tag"))) }
        function.modalRole = role
        function.modalRoleName = "modal role"
    }
}
