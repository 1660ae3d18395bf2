package import LambdaRuntime
import Primitives

/// The invocation metrics (CloudWatch Embedded Metric Format), read once at init:
///
/// - `MODAL_BRIDGE_METRICS`: `emf` writes one metric line per invocation; `off` (or unset) writes none.
/// - `MODAL_BRIDGE_METRICS_NAMESPACE`: the CloudWatch namespace (default `ModalBridge`).
/// - `MODAL_BRIDGE_METRICS_DIMENSIONS`: dimension sets separated by `;`, names by `,`, from ``Dimension``
///   (default `FunctionName,Source,Call;FunctionName`). `[FunctionName]` is always added when absent, so alarms on
///   a function's metrics keep working whatever else is configured.
/// - `AWS_LAMBDA_FUNCTION_NAME` (set by Lambda): the `FunctionName` dimension's value; required when on.
package struct MetricsConfiguration: Sendable, Hashable {
    /// The dimensions a set may name. Their values are fixed names, never request content.
    package enum Dimension: String, Sendable, Hashable, CaseIterable {
        /// `AWS_LAMBDA_FUNCTION_NAME`.
        case functionName = "FunctionName"
        /// The event source the bridge recognised (`sqs`, `s3`, `apigateway-v2`, …; `invalid` when not JSON).
        case source = "Source"
        /// The integration pattern: `spawn` or `remote`.
        case call = "Call"
        /// The dispatch mode: `event` or `record`.
        case mode = "Mode"
    }

    package static let defaultNamespace = "ModalBridge"
    package static let defaultDimensionSets: [[Dimension]] = [[.functionName, .source, .call], [.functionName]]

    package var namespace: String
    package var dimensionSets: [[Dimension]]
    package var functionName: String

    package init(
        namespace: String = MetricsConfiguration.defaultNamespace,
        dimensionSets: [[Dimension]] = MetricsConfiguration.defaultDimensionSets,
        functionName: String
    ) {
        self.namespace = namespace
        self.dimensionSets = dimensionSets
        self.functionName = functionName
    }

    /// The configuration when metrics are on, `nil` when off; invalid values fail init naming the variable.
    package init?(environment: Environment) throws(ConfigurationError) {
        let switchText = environment["MODAL_BRIDGE_METRICS"] ?? ""
        switch switchText.lowercased() {
        case "", "off": return nil
        case "emf": break
        default:
            throw ConfigurationError(
                variable: "MODAL_BRIDGE_METRICS",
                message: "MODAL_BRIDGE_METRICS is '\(switchText.prefix(100))'; use 'emf' (one CloudWatch Embedded "
                    + "Metric Format line per invocation) or 'off'"
            )
        }
        guard let functionName = environment["AWS_LAMBDA_FUNCTION_NAME"] else {
            throw ConfigurationError(
                .missing,
                variable: "AWS_LAMBDA_FUNCTION_NAME",
                message: "AWS_LAMBDA_FUNCTION_NAME is not set: the metrics' FunctionName dimension needs it (Lambda "
                    + "sets it; set it yourself for local runs)"
            )
        }
        self.init(functionName: String(functionName.prefix(1024)))
        if let text = environment["MODAL_BRIDGE_METRICS_NAMESPACE"] {
            namespace = try Self.namespace(text)
        }
        if let text = environment["MODAL_BRIDGE_METRICS_DIMENSIONS"] {
            dimensionSets = try Self.dimensionSets(text)
        }
    }

    /// CloudWatch's namespace rules: 1 to 255 characters from `0-9A-Za-z . - _ / # :` and space, at least one not a
    /// space, not starting with `:` and not in the `AWS/` namespaces AWS reserves for its services.
    static func namespace(_ text: String) throws(ConfigurationError) -> String {
        func invalid(_ reason: String) -> ConfigurationError {
            ConfigurationError(
                variable: "MODAL_BRIDGE_METRICS_NAMESPACE",
                message: "MODAL_BRIDGE_METRICS_NAMESPACE '\(text.prefix(300))' \(reason)"
            )
        }
        guard text.utf8.count <= 255 else { throw invalid("is longer than 255 characters") }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "0"..."9", "a"..."z", "A"..."Z", ".", "-", "_", "/", "#", ":", " ": true
            default: false
            }
        }
        guard allowed else {
            throw invalid("may only contain letters, digits, spaces and . - _ / # : (CloudWatch's namespace rules)")
        }
        guard !text.hasPrefix(":") else { throw invalid("must not start with ':'") }
        guard !text.uppercased().hasPrefix("AWS/") else { throw invalid("is reserved: AWS/ namespaces belong to AWS") }
        return text
    }

    /// `FunctionName,Source,Call;FunctionName` → dimension sets, with `[FunctionName]` added when absent.
    static func dimensionSets(_ text: String) throws(ConfigurationError) -> [[Dimension]] {
        func invalid(_ reason: String) -> ConfigurationError {
            ConfigurationError(
                variable: "MODAL_BRIDGE_METRICS_DIMENSIONS",
                message: "MODAL_BRIDGE_METRICS_DIMENSIONS '\(text.prefix(300))' \(reason)"
            )
        }
        let allowed = Dimension.allCases.map(\.rawValue).joined(separator: ", ")
        var sets: [[Dimension]] = []
        for setText in text.split(separator: ";", omittingEmptySubsequences: false) {
            let names = setText.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimming(.unicode) }
            var set: [Dimension] = []
            for name in names {
                guard let dimension = Dimension(rawValue: name) else {
                    throw invalid(
                        name.isEmpty
                            ? "has an empty dimension name; separate names with ',' and sets with ';'"
                            : "names '\(name.prefix(64))'; dimensions are \(allowed) (case-sensitive)"
                    )
                }
                guard !set.contains(dimension) else { throw invalid("repeats \(name) within a set") }
                set.append(dimension)
            }
            // The specification's limit; with the fixed list above a set can never reach it.
            guard set.count <= MetricDocument.maximumDimensionsPerSet else {
                throw invalid("has a set of more than \(MetricDocument.maximumDimensionsPerSet) dimensions")
            }
            guard !sets.contains(set) else { throw invalid("repeats the set \(names.joined(separator: ","))") }
            sets.append(set)
        }
        if !sets.contains([.functionName]) { sets.append([.functionName]) }
        return sets
    }
}
