package import EventDispatch
package import LambdaRuntime

extension DispatchConfiguration {
    /// `MODAL_BRIDGE_DISPATCH_MODE`, `MODAL_BRIDGE_CONCURRENCY`, `MODAL_BRIDGE_UNWRAP_NESTED`,
    /// `MODAL_BRIDGE_STREAM_ORDERING` and `MODAL_BRIDGE_BATCH`; each unset one keeps its default.
    package init(environment: Environment, pattern: IntegrationPattern) throws(ConfigurationError) {
        self.init(pattern: pattern)
        if let mode = try environment.value(
            "MODAL_BRIDGE_DISPATCH_MODE",
            { DispatchMode(rawValue: $0.lowercased()) },
            problem: { "is '\($0)'; use 'event' (one call per event) or 'record' (one call per record)" }
        ) {
            self.mode = mode
        }
        if let concurrency = try environment.value(
            "MODAL_BRIDGE_CONCURRENCY",
            { Int($0).flatMap { (1...1000).contains($0) ? $0 : nil } },
            problem: { "is '\($0)'; use a whole number from 1 to 1000" }
        ) {
            self.concurrency = concurrency
        }
        if let unwrap = try environment.value(
            "MODAL_BRIDGE_UNWRAP_NESTED",
            Self.yesOrNo,
            problem: { "is '\($0)'; use true or false" }
        ) {
            unwrapNested = unwrap
        }
        if let ordering = try environment.value(
            "MODAL_BRIDGE_STREAM_ORDERING",
            { StreamOrdering(rawValue: $0.lowercased()) },
            problem: { "is '\($0)'; use 'shard' (one record at a time) or 'partition-key' (keys concurrently)" }
        ) {
            streamOrdering = ordering
        }
        if let batch = try environment.value(
            "MODAL_BRIDGE_BATCH",
            { BatchMode(rawValue: $0.lowercased()) },
            problem: { "is '\($0)'; use 'map' (one Modal map call per batch) or 'unary' (one call per record)" }
        ) {
            self.batch = batch
        }
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`, in any case.
    static func yesOrNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }
}
