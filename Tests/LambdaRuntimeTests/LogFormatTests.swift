import JSON
import LambdaRuntime
import Logging
import TestSupport
import Testing

@Suite struct LogFormatTests {
    /// 2024-11-02T16:51:31.587Z
    private static let fixedMicros: Int64 = 1_730_566_291_587_123

    private func logger(_ format: LoggingConfiguration.Format, sink: MemorySink, level: Logger.Level = .info) -> Logger
    {
        var logger = Logger(label: "modal-bridge") {
            LambdaLogHandler(
                label: $0,
                configuration: LoggingConfiguration(format: format, level: level),
                sink: sink,
                time: ManualTime(epochMicroseconds: Self.fixedMicros).source
            )
        }
        logger[metadataKey: "aws-request-id"] = "8476a536-e9f4-11e8-9739-2dfe598c3fcd"
        return logger
    }

    @Test func jsonGolden() {
        let sink = MemorySink()
        logger(.json, sink: sink).info("forwarded 3 records", metadata: ["mode": "record", "count": "3"])
        #expect(
            sink.lines == [
                #"{"timestamp":"2024-11-02T16:51:31.587Z","level":"INFO","message":"forwarded 3 records","requestId":"8476a536-e9f4-11e8-9739-2dfe598c3fcd","count":"3","mode":"record"}"#
            ]
        )
    }

    @Test func textGolden() {
        let sink = MemorySink()
        logger(.text, sink: sink).warning("slow call\nsecond line", metadata: ["function": "echo"])
        #expect(
            sink.lines == [
                "2024-11-02T16:51:31.587Z\tWARN\t8476a536-e9f4-11e8-9739-2dfe598c3fcd\tslow call\\nsecond line\tfunction=echo"
            ]
        )
    }

    @Test func jsonLevelsUseLambdaNames() throws {
        let sink = MemorySink()
        let log = logger(.json, sink: sink, level: .trace)
        log.trace("t")
        log.debug("d")
        log.info("i")
        log.notice("n")
        log.warning("w")
        log.error("e")
        log.critical("c")
        let levels = try sink.lines.map { try JSONValue(parsing: $0)["level"]?.stringValue }
        #expect(levels == ["TRACE", "DEBUG", "INFO", "INFO", "WARN", "ERROR", "FATAL"])
    }

    @Test func levelFiltering() {
        let sink = MemorySink()
        let log = logger(.json, sink: sink, level: .warning)
        log.info("dropped")
        log.error("kept")
        #expect(sink.lines.count == 1)
    }

    @Test func nestedMetadataIsJSON() throws {
        let sink = MemorySink()
        logger(.json, sink: sink).info("x", metadata: ["ids": ["a", "b"], "detail": ["k": "v"]])
        let line = try JSONValue(parsing: try #require(sink.lines.first))
        #expect(line["ids"] == ["a", "b"])
        #expect(line["detail"] == ["k": "v"])
    }

    @Test(arguments: [
        ([:], LoggingConfiguration.Format.text, Logger.Level.info),
        (["AWS_LAMBDA_LOG_FORMAT": "JSON"], .json, .info),
        (["AWS_LAMBDA_LOG_FORMAT": "json", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"], .json, .debug),
        (["AWS_LAMBDA_LOG_LEVEL": "WARN", "LOG_LEVEL": "trace"], .text, .warning),
        (["LOG_LEVEL": "trace"], .text, .trace),
        (["AWS_LAMBDA_LOG_LEVEL": "FATAL"], .text, .critical),
    ])
    func configurationFromEnvironment(
        environment: [String: String],
        format: LoggingConfiguration.Format,
        level: Logger.Level
    ) {
        let configuration = LoggingConfiguration(environment: Environment(environment))
        #expect(configuration.format == format)
        #expect(configuration.level == level)
        #expect(configuration.warnings.isEmpty)
    }

    @Test func unknownValuesWarnAndKeepDefaults() {
        let configuration = LoggingConfiguration(
            environment: Environment(["AWS_LAMBDA_LOG_FORMAT": "xml", "AWS_LAMBDA_LOG_LEVEL": "LOUD"])
        )
        #expect(configuration.format == .text)
        #expect(configuration.level == .info)
        #expect(configuration.warnings.count == 2)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(951_782_400_000_000), "2000-02-29T00:00:00.000Z"),
        (Int64(1_730_566_291_587_999), "2024-11-02T16:51:31.587Z"),
        (Int64(4_102_444_799_999_000), "2099-12-31T23:59:59.999Z"),
        (Int64(-1000), "1969-12-31T23:59:59.999Z"),
    ])
    func rfc3339(micros: Int64, expected: String) {
        #expect(RFC3339.format(epochMicroseconds: micros) == expected)
    }
}
