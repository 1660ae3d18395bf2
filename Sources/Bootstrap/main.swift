// The Lambda runtime's composition root: read the environment once, pick the handler, run the loop.
import Bridge
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `_HANDLER` picks the handler: `echo` the diagnostic echo handler; `bootstrap` (what the generated stacks set),
/// `bridge`, or no value (local runs) the bridge. Anything else fails init with `Config.Invalid` naming `_HANDLER`,
/// so a typo or a handler string meant for another runtime is caught at deploy time, not silently bridged.
enum HandlerSelection {
    static let bridgeNames: Set<String> = ["", "bootstrap", "bridge"]
    static let echoName = "echo"

    static func make(_ setup: HandlerSetup) async throws -> any LambdaHandler {
        let name = setup.environment["_HANDLER"] ?? ""
        if name == echoName { return EchoHandler() }
        guard bridgeNames.contains(name) else {
            throw ConfigurationError(
                variable: "_HANDLER",
                message: "_HANDLER is '\(name.prefix(100))'; use 'bootstrap' (the Modal bridge) or 'echo' (the "
                    + "diagnostic echo handler)"
            )
        }
        return try BridgeHandler.make(setup)
    }
}

/// Runs off the main actor (the loop is measurably faster on the global executor).
nonisolated func runRuntime() async -> Int32 {
    var environment: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return await LambdaRuntimeMain.run(environment: environment) { setup in
        try await HandlerSelection.make(setup)
    }
}

ExecutorSetup.install()
exit(await runRuntime())
