import EventDispatch
import JSON
import LambdaEvents
import LambdaRuntime
import Primitives
import SecretsManager
import Synchronization

/// Writes one CloudWatch Embedded Metric Format line per invocation (``MetricLog``): no API call, no payload data,
/// no secret; dimension values are the function's name and fixed names (source, pattern, mode).
final class BridgeMetrics: Sendable {
    /// What an invocation measured besides ``InvocationMetrics``.
    struct Invocation: Sendable {
        var requestID: String
        var duration: Duration
        var collected: InvocationMetrics.Snapshot
        /// Reads of the Modal token's secret during the invocation.
        var tokenFetches: ModalTokenProvider.FetchCounts
    }

    let configuration: MetricsConfiguration
    let pattern: IntegrationPattern
    let mode: DispatchMode
    private let log: MetricLog
    /// The clock of the metric log: invocation and call durations are measured on it.
    var time: TimeSource { log.time }
    private let coldStart = Atomic(true)

    init(configuration: MetricsConfiguration, pattern: IntegrationPattern, mode: DispatchMode, log: MetricLog) {
        self.configuration = configuration
        self.pattern = pattern
        self.mode = mode
        self.log = log
    }

    /// Writes the invocation's line. The first call in the process reports `ColdStart` 1, every later one 0.
    func emit(_ invocation: Invocation) {
        let isColdStart = coldStart.exchange(false, ordering: .relaxed)
        guard let document = try? document(invocation, coldStart: isColdStart) else { return }
        log.write(document)
    }

    func document(_ invocation: Invocation, coldStart: Bool) throws(MetricDocument.Invalid) -> MetricDocument {
        let collected = invocation.collected
        let summary = collected.summary
        var metrics: [MetricDocument.Metric] = [
            .init("InvocationDuration", .milliseconds, Self.milliseconds(invocation.duration)),
            .init("ModalCalls", .count, Double(collected.callDurations.count)),
            .init("ModalCallsFailed", .count, Double(collected.failedCalls)),
            .init("RecordsProcessed", .count, Double(summary?.records ?? 0)),
            .init("RecordsFailed", .count, Double(summary?.failed ?? 0)),
            .init("RecordsSkipped", .count, Double(summary?.skipped ?? 0)),
            .init("TokenFetches", .count, Double(invocation.tokenFetches.fetches)),
            .init("TokenRefreshes", .count, Double(invocation.tokenFetches.forced)),
            .init("ColdStart", .count, coldStart ? 1 : 0),
        ]
        let durations = collected.callDurations.map(Self.milliseconds)
        if let callDuration = MetricDocument.Metric("ModalCallDuration", .milliseconds, sampling: durations) {
            metrics.insert(callDuration, at: 1)
        }
        let values: [MetricsConfiguration.Dimension: String] = [
            .functionName: configuration.functionName,
            .source: summary.map { $0.source?.rawValue ?? "invalid" } ?? "none",
            .call: pattern.rawValue,
            .mode: mode.rawValue,
        ]
        return try MetricDocument(
            timestamp: log.nowEpochMilliseconds(),
            namespace: configuration.namespace,
            dimensionSets: configuration.dimensionSets.map { $0.map(\.rawValue) },
            dimensions: MetricsConfiguration.Dimension.allCases.map { ($0.rawValue, values[$0] ?? "") },
            metrics: metrics,
            properties: [("requestId", .string(invocation.requestID))]
        )
    }

    /// Milliseconds with microsecond precision.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds * 1_000_000 + attoseconds / 1_000_000_000_000) / 1000
    }
}
