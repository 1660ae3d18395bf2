import ArgumentParser

/// `modal-bridge cfn …`: CloudFormation templates for Modal's OIDC provider, Modal-scoped IAM roles and the whole
/// bridge deployment.
struct CFNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cfn",
        abstract: "Generate CloudFormation templates for Modal OIDC roles and the bridge stack.",
        discussion: """
            Templates are JSON with sorted keys, written to stdout or --output. Deploy them with
              aws cloudformation deploy --template-file T.json --stack-name NAME --capabilities CAPABILITY_NAMED_IAM
            There is one IAM OIDC provider for https://oidc.modal.com per AWS account: role and stack templates \
            reuse it (CreateOIDCProvider=false, the default) or create it (CreateOIDCProvider=true) once.
            """,
        subcommands: [CFNOIDCProviderCommand.self, CFNRoleCommand.self, CFNStackCommand.self]
    )
}
