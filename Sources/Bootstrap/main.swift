// Target Bootstrap (executable `bootstrap`): the thin entry point of the Lambda runtime. May import: Bridge,
// LambdaRuntime, RuntimeAPI, HypotShim, swift-log.

// The Lambda runtime's composition root: read the environment once, pick the handler, run the loop.
import Bridge
import LambdaRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The process environment, copied once from `environ`.
func processEnvironment() -> Environment {
    var values: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        let text = String(cString: entry)
        if let equals = text.firstIndex(of: "=") {
            values[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        pointer += 1
    }
    return Environment(values)
}

/// Runs off the main actor (the loop is measurably faster on the global executor). The runtime reads its own
/// variables; the handler's configuration (`_HANDLER` and the bridge's variables) is parsed here, once, and a
/// ``ConfigurationError`` becomes the init error that names the variable.
nonisolated func runRuntime() async -> Int32 {
    await LambdaRuntimeMain.run(environment: processEnvironment()) { setup in
        switch try BootstrapConfiguration(environment: setup.environment) {
        case .echo:
            return EchoHandler()
        case .bridge(let configuration):
            return try BridgeHandler.make(configuration, setup: setup)
        }
    }
}

ExecutorSetup.install()
exit(await runRuntime())
