import ArgumentParser

/// `modal-bridge cfn …` (placeholder until the CloudFormation issue lands).
struct CFNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cfn", abstract: "Generate CloudFormation templates.")
}
