import JSON
import Logging
package import Primitives
import RuntimeAPI

/// Writes Embedded Metric Format documents to the function's log, each as a line of its own, in the form CloudWatch
/// extracts metrics from under either log format.
///
/// - Text (`AWS_LAMBDA_LOG_FORMAT` unset or `Text`): the bare EMF JSON object. Lambda passes a custom runtime's
///   stdout lines through unchanged, and CloudWatch Logs extracts metrics from any event that is an EMF object.
/// - JSON: the same object plus `timestamp` (RFC 3339) and `level`. In JSON format Lambda filters every stdout line
///   by its `level` against `AWS_LAMBDA_LOG_LEVEL` (a line without one counts as INFO, and without a valid
///   `timestamp` its level is ignored), so the line carries the lowest level that filter keeps, INFO or above:
///   metrics never disappear because the application log level was raised.
package struct MetricLog: Sendable {
    package var format: LoggingConfiguration.Format
    /// The `level` of JSON lines (Lambda's level names).
    package var level: String
    private let sink: any LogSink
    /// The clock of the EMF `Timestamp`; the bridge times its invocations and calls on it too.
    package let time: TimeSource

    /// Reads `AWS_LAMBDA_LOG_FORMAT` and `AWS_LAMBDA_LOG_LEVEL` (Lambda's filter; `LOG_LEVEL` is not Lambda's).
    /// - Parameter time: the clock of the EMF `Timestamp` (injected in tests).
    package init(
        environment: Environment,
        sink: any LogSink,
        time: TimeSource = .system
    ) {
        format = LoggingConfiguration(environment: environment).format
        let filter = environment["AWS_LAMBDA_LOG_LEVEL"].flatMap(LoggingConfiguration.parseLevel) ?? .info
        level = LoggingConfiguration.lambdaName(max(filter, .info))
        self.sink = sink
        self.time = time
    }

    /// Milliseconds since the Unix epoch (the EMF `Timestamp`).
    package func nowEpochMilliseconds() -> Int64 { time.epochMilliseconds() }

    /// Writes `document` as one line.
    package func write(_ document: MetricDocument) {
        var document = document
        if format == .json {
            document.properties += [
                ("timestamp", .string(RFC3339.format(epochMicroseconds: document.timestamp * 1000))),
                ("level", .string(level)),
            ]
        }
        sink.write(document.line)
    }
}
