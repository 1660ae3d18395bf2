import ArgumentParser

/// `modal-bridge invoke EVENT.json` (placeholder until the foundation issue lands).
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoke", abstract: "Invoke the bootstrap locally.")
}
