// Target ModalBridgeCLI (executable `modal-bridge`): argument parsing and file I/O for `invoke` and `cfn`; the
// templates come from CFNTemplates, the local Runtime API from RuntimeAPIServer. May import: CFNTemplates,
// RuntimeAPIServer, JSON, swift-argument-parser, swift-log. See docs/cloudformation.md and docs/runtime.md.

import ArgumentParser

/// `modal-bridge`: the companion CLI. Subcommands: `invoke` (run the real bootstrap locally against an embedded
/// Runtime API) and `cfn` (CloudFormation templates for Modal OIDC roles and the bridge stack).
@main
struct ModalBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modal-bridge",
        abstract: "Bridge AWS event sources to Modal functions: local invoke and CloudFormation generation.",
        subcommands: [InvokeCommand.self, CFNCommand.self]
    )
}
