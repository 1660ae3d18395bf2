package import Logging

/// How the runtime logs, read from `AWS_LAMBDA_LOG_FORMAT` and `AWS_LAMBDA_LOG_LEVEL` (fallback `LOG_LEVEL`),
/// which Lambda's advanced logging controls set and a custom runtime must honour itself.
package struct LoggingConfiguration: Sendable, Hashable {
    package enum Format: String, Sendable, Hashable {
        case text
        case json
    }

    package var format: Format
    package var level: Logger.Level
    /// Values that were set but not understood (reported once at start-up, never fatal).
    package var warnings: [String]

    package init(format: Format = .text, level: Logger.Level = .info, warnings: [String] = []) {
        self.format = format
        self.level = level
        self.warnings = warnings
    }

    package init(environment: [String: String]) {
        self.init()
        if let value = environment["AWS_LAMBDA_LOG_FORMAT"], !value.isEmpty {
            switch value.lowercased() {
            case "json": format = .json
            case "text": format = .text
            default: warnings.append("AWS_LAMBDA_LOG_FORMAT '\(value)' is not Text or JSON; using Text")
            }
        }
        let levelVariable =
            environment["AWS_LAMBDA_LOG_LEVEL"].flatMap { $0.isEmpty ? nil : $0 } != nil
            ? "AWS_LAMBDA_LOG_LEVEL" : "LOG_LEVEL"
        if let value = environment[levelVariable], !value.isEmpty {
            if let parsed = Self.parseLevel(value) {
                level = parsed
            } else {
                warnings.append(
                    "\(levelVariable) '\(value)' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; using INFO"
                )
            }
        }
    }

    /// Lambda's level names (and swift-log's) to swift-log levels.
    package static func parseLevel(_ value: String) -> Logger.Level? {
        switch value.uppercased() {
        case "TRACE": .trace
        case "DEBUG": .debug
        case "INFO": .info
        case "NOTICE": .notice
        case "WARN", "WARNING": .warning
        case "ERROR": .error
        case "FATAL", "CRITICAL": .critical
        default: nil
        }
    }

    /// swift-log levels to the names Lambda filters on.
    package static func lambdaName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERROR"
        case .critical: "FATAL"
        }
    }
}
