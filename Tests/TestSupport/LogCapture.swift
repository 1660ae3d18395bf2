package import Logging
import Synchronization

/// Collects every log record of the loggers it makes, one line per record (level, message, metadata), so tests can
/// prove that no secret ever reaches a log line.
package final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    package init() {}

    /// The lines so far.
    package var lines: [String] { storage.withLock { $0 } }

    /// A logger at `trace` level writing into this capture.
    package func logger(_ label: String = "test") -> Logger {
        var logger = Logger(label: label, factory: { _ in Handler(capture: self) })
        logger.logLevel = .trace
        return logger
    }

    package func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    /// The lines containing any of `secrets` (empty strings are ignored).
    package func lines(containingAnyOf secrets: [String]) -> [String] {
        let needles = secrets.filter { !$0.isEmpty }
        return lines.filter { line in needles.contains { line.contains($0) } }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}
