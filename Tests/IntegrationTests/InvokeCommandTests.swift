import Foundation
import JSON
import TestSupport
import Testing

/// `modal-bridge invoke` runs the real bootstrap against its embedded Runtime API.
@Suite struct InvokeCommandTests {
    static let cli = RepositoryPaths.builtProduct("modal-bridge")

    @Test func invokesTheEchoHandlerWithAFixture() async throws {
        let fixture = RepositoryPaths.events.appendingPathComponent("unknown-order.json")
        let result = try await runCommand(
            Self.cli,
            [
                "invoke", fixture.path, "--handler", "echo", "--bootstrap",
                RepositoryPaths.builtProduct("bootstrap").path,
            ],
            environment: ["PATH": "/usr/bin:/bin", "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"],
            timeout: 60
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let printed = try JSONValue(parsing: result.stdout)
        let original = try JSONValue(parsing: Array(try Data(contentsOf: fixture)))
        #expect(printed == original)
        #expect(result.stdout.contains("123456789012345678901234567890"))
        #expect(result.stdout.contains("12.50"))
        #expect(result.stdout.contains("\n  \"orderId\""))  // pretty
        #expect(result.stderr.contains("\"requestId\""))  // the runtime's log lines
    }

    @Test func initFailureExitsNonZeroAndShowsTheError() async throws {
        let fixture = RepositoryPaths.events.appendingPathComponent("unknown-order.json")
        let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("invoke-\(UUID().uuidString).env")
        try "# handler from a file\nexport _HANDLER='no.such.handler'\n".write(
            to: envFile,
            atomically: true,
            encoding: .utf8
        )
        defer { try? FileManager.default.removeItem(at: envFile) }
        let result = try await runCommand(
            Self.cli,
            [
                "invoke", fixture.path, "--env-file", envFile.path, "--bootstrap",
                RepositoryPaths.builtProduct("bootstrap").path,
            ],
            environment: ["PATH": "/usr/bin:/bin"],
            timeout: 60
        )
        #expect(result.status == 1)
        #expect(try JSONValue(parsing: result.stdout)["errorType"] == "Config.Invalid")
        #expect(result.stderr.contains("init failed: Config.Invalid"))
    }

    @Test func unreadableEventIsAUsageError() async throws {
        let result = try await runCommand(
            Self.cli,
            ["invoke", "/nonexistent/event.json", "--handler", "echo"],
            environment: ["PATH": "/usr/bin:/bin"],
            timeout: 60
        )
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot read event file"))
    }
}
