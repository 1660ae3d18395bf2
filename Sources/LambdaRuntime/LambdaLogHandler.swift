import JSON
package import Logging
package import Primitives
import RuntimeAPI

/// A swift-log handler that writes one line per record for CloudWatch.
///
/// Text (default): `2024-11-02T16:51:31.587Z<TAB>INFO<TAB>[request-id]<TAB>message<TAB>key=value …`
/// (tabs between fields as Lambda's managed runtimes do; newlines inside a record are escaped so a record never
/// splits into several CloudWatch events).
/// JSON (`AWS_LAMBDA_LOG_FORMAT=JSON`): `{"timestamp","level","message","requestId",…metadata}` with Lambda's
/// level names, so Lambda's own level filter applies.
package struct LambdaLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    private let label: String
    private let format: LoggingConfiguration.Format
    private let sink: any LogSink
    private let time: TimeSource

    /// - Parameter time: the clock of the timestamps (injected in tests for golden lines).
    package init(
        label: String,
        configuration: LoggingConfiguration,
        sink: any LogSink,
        time: TimeSource = .system
    ) {
        self.label = label
        self.logLevel = configuration.level
        self.format = configuration.format
        self.sink = sink
        self.time = time
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let timestamp = RFC3339.format(epochMicroseconds: time.epochMicroseconds())
        let level = LoggingConfiguration.lambdaName(event.level)
        let message = "\(event.message)"
        let line: [UInt8]
        switch format {
        case .json: line = jsonLine(timestamp: timestamp, level: level, message: message, metadata: merged)
        case .text: line = textLine(timestamp: timestamp, level: level, message: message, metadata: merged)
        }
        sink.write(line)
    }

    /// Metadata keys that become top-level JSON fields with Lambda's names.
    private static let renamed: [String: String] = [
        "aws-request-id": "requestId",
        "aws-trace-id": "xrayTraceId",
        "aws-tenant-id": "tenantId",
    ]

    private func jsonLine(timestamp: String, level: String, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var object = JSONObject()
        object["timestamp"] = .string(timestamp)
        object["level"] = .string(level)
        object["message"] = .string(message)
        for key in ["aws-request-id", "aws-trace-id", "aws-tenant-id"] {
            if let value = metadata[key], let name = Self.renamed[key] { object[name] = Self.json(value) }
        }
        for key in metadata.keys.sorted() where Self.renamed[key] == nil {
            if let value = metadata[key] { object[key] = Self.json(value) }
        }
        var bytes = JSONValue.object(object).serialized()
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private func textLine(timestamp: String, level: String, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var text = timestamp + "\t" + level + "\t"
        if let requestID = metadata["aws-request-id"] {
            text += Self.escape("\(requestID)") + "\t"
        }
        text += Self.escape(message)
        let rest = metadata.keys.sorted().filter { $0 != "aws-request-id" }
        if !rest.isEmpty {
            text +=
                "\t"
                + rest.compactMap { key in metadata[key].map { "\(key)=\(Self.escape(Self.flatten($0)))" } }
                .joined(separator: " ")
        }
        text += "\n"
        return Array(text.utf8)
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let dictionary):
            .object(JSONObject(dictionary.keys.sorted().compactMap { key in dictionary[key].map { (key, json($0)) } }))
        }
    }

    private static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: json(value).serializedString()
        }
    }

    /// Keeps a record on one line.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
