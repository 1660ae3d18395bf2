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

    /// Reads the two variables from the runtime's ``Environment`` (values trimmed; blank counts as unset).
    package init(environment: Environment) {
        self.init()
        if let value = environment["AWS_LAMBDA_LOG_FORMAT"] {
            switch value.lowercased() {
            case "json": format = .json
            case "text": format = .text
            default: warnings.append("AWS_LAMBDA_LOG_FORMAT '\(value)' is not Text or JSON; using Text")
            }
        }
        guard let setting = environment.first(of: ["AWS_LAMBDA_LOG_LEVEL", "LOG_LEVEL"]) else { return }
        if let parsed = Self.parseLevel(setting.value) {
            level = parsed
        } else {
            warnings.append(
                "\(setting.variable) '\(setting.value)' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; using INFO"
            )
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
