package import LambdaRuntime

/// What `bootstrap` runs, read from the environment once at init. `_HANDLER` picks the handler: `echo` the
/// diagnostic echo handler; `bootstrap` (what the generated stacks set), `bridge`, or no value (local runs) the
/// bridge, whose variables are read only then. Anything else fails init with `Config.Invalid` naming `_HANDLER`, so a
/// typo or a handler string meant for another runtime is caught at deploy time, not silently bridged.
package enum BootstrapConfiguration: Sendable {
    case echo
    case bridge(BridgeConfiguration)

    static let bridgeNames: Set<String> = ["", "bootstrap", "bridge"]
    static let echoName = "echo"
    /// `MODAL_BRIDGE_EXECUTOR`: `nio` (default: one event loop runs everything) or `swift` (Swift's own pool beside
    /// NIO's loops). `main` acts on it before anything else runs; a value it does not know is refused here.
    static let executorChoices: Set<String> = ["", "nio", "swift"]

    package init(environment: Environment) throws(ConfigurationError) {
        let executor = environment["MODAL_BRIDGE_EXECUTOR"] ?? ""
        guard Self.executorChoices.contains(executor) else {
            throw ConfigurationError(
                variable: "MODAL_BRIDGE_EXECUTOR",
                message: "MODAL_BRIDGE_EXECUTOR is '\(executor.prefix(100))'; use 'nio' (the default) or 'swift'"
            )
        }
        let name = environment["_HANDLER"] ?? ""
        if name == Self.echoName {
            self = .echo
            return
        }
        guard Self.bridgeNames.contains(name) else {
            throw ConfigurationError(
                variable: "_HANDLER",
                message: "_HANDLER is '\(name.prefix(100))'; use 'bootstrap' (the Modal bridge) or 'echo' (the "
                    + "diagnostic echo handler)"
            )
        }
        self = .bridge(try BridgeConfiguration(environment: environment))
    }
}
