import ArgumentParser
import CFNTemplates

/// `modal-bridge cfn oidc-provider`.
struct CFNOIDCProviderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc-provider",
        abstract: "The IAM OIDC provider for Modal (https://oidc.modal.com), once per AWS account.",
        discussion: """
            The template creates an AWS::IAM::OIDCProvider with Url https://oidc.modal.com, ClientIdList \
            [oidc.modal.com] and a ThumbprintList from the OIDCThumbprint parameter, when the parameter \
            CreateOIDCProvider is true (the default here). DeletionPolicy and UpdateReplacePolicy are Retain, so \
            deleting the stack leaves the provider for the roles that use it. The output OIDCProviderArn is the \
            provider's ARN either way.

            OIDCThumbprint defaults to \(ModalOIDC.defaultThumbprint): AWS verifies oidc.modal.com against its \
            trusted root CAs and only falls back to thumbprints for private CAs, but CloudFormation fails without a \
            list. The default matches no certificate, so a fallback fails closed.

            Role and stack templates can create the provider themselves (CreateOIDCProvider=true); use this command \
            when one stack per account should own it.
            """
    )

    @OptionGroup var outputOptions: CFNOutputOptions

    func run() throws {
        try reportingCFNErrors("cfn oidc-provider") {
            try outputOptions.write(try OIDCProviderTemplate.make())
        }
    }
}
