// The Lambda runtime's composition root: read the environment once, pick the handler, run the loop.
import Bridge
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `_HANDLER=echo` selects the diagnostic echo handler; any other value (Lambda always sets one) runs the bridge.
enum HandlerSelection {
    static func make(_ setup: HandlerSetup) async throws -> any LambdaHandler {
        if setup.environment["_HANDLER"] == "echo" { return EchoHandler() }
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

exit(await runRuntime())
