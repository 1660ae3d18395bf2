import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// Runs the real `bootstrap` executable against the local Runtime API server.
@Suite struct BootstrapProcessTests {
    static let bootstrap = RepositoryPaths.builtProduct("bootstrap")

    private func start(
        _ environment: [String: String],
        behavior: RuntimeAPIServerBehavior = RuntimeAPIServerBehavior()
    ) async throws -> (RuntimeAPIServer, ChildProcess) {
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        var env = ["PATH": "/usr/bin:/bin", "AWS_LAMBDA_RUNTIME_API": server.address]
        env.merge(environment) { _, new in new }
        let child = try ChildProcess(Self.bootstrap, [], environment: env)
        return (server, child)
    }

    @Test func echoesEveryFixture() async throws {
        let (server, child) = try await start(["_HANDLER": "echo", "AWS_LAMBDA_LOG_FORMAT": "JSON"])
        let fixtures = try FileManager.default.contentsOfDirectory(
            at: RepositoryPaths.events,
            includingPropertiesForKeys: nil
        )
        .filter { $0.pathExtension == "json" }
        .sorted { $0.path < $1.path }
        #expect(!fixtures.isEmpty)
        var ids: [String] = []
        for fixture in fixtures {
            let event = Array(try Data(contentsOf: fixture))
            let id = server.enqueue(event)
            ids.append(id)
            #expect(await server.result(for: id) == .response(event), "\(fixture.lastPathComponent)")
        }
        child.kill()
        await server.shutdown()
        let lines = child.stdout.split(separator: "\n").map(String.init)
        for line in lines {
            let json = try JSONValue(parsing: line)
            #expect(json["timestamp"]?.stringValue?.hasSuffix("Z") == true)
            #expect(json["level"] != nil)
            if let requestID = json["requestId"]?.stringValue { #expect(ids.contains(requestID)) }
        }
    }

    @Test func bridgeWithoutConfigurationFailsInit() async throws {
        let (server, child) = try await start(["_HANDLER": "bootstrap"])
        let status = await child.wait(timeout: 30)
        #expect(status == 1)
        let initErrors = server.requests.filter { $0.path == "/2018-06-01/runtime/init/error" }
        #expect(initErrors.count == 1)
        let request = try #require(initErrors.first)
        #expect(request.header("Lambda-Runtime-Function-Error-Type") == "Config.Invalid")
        let body = try JSONValue(parsing: request.body)
        #expect(body["errorType"] == "Config.Invalid")
        #expect(body["errorMessage"]?.stringValue?.contains("MODAL_APP_NAME") == true)
        #expect(body["stackTrace"] == [])
        #expect(server.requests.allSatisfy { !$0.path.hasSuffix("/next") })
        await server.shutdown()
    }

    @Test func missingRuntimeAPIVariableIsNamed() async throws {
        let result = try await runCommand(Self.bootstrap, [], environment: ["PATH": "/usr/bin:/bin"], timeout: 30)
        #expect(result.status == 1)
        #expect(result.stdout.contains("AWS_LAMBDA_RUNTIME_API"))
    }

    @Test func status500MakesTheProcessExit() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.failNextWith500 = 1
        let (server, child) = try await start(["_HANDLER": "echo"], behavior: behavior)
        #expect(await child.wait(timeout: 30) == 1)
        await server.shutdown()
    }

    @Test func lostRuntimeAPIMakesTheProcessExit() async throws {
        let (server, child) = try await start(["_HANDLER": "echo"])
        let id = server.enqueue(Array("{}".utf8))
        #expect(await server.result(for: id) == .response(Array("{}".utf8)))
        await server.shutdown()
        #expect(await child.wait(timeout: 30) == 1)
    }

    @Test func chunkedNextAndTextLogs() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.chunkedNext = true
        let (server, child) = try await start(
            ["_HANDLER": "echo", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"],
            behavior: behavior
        )
        let event = Array(#"{"k":"\#(String(repeating: "v", count: 70_000))"}"#.utf8)
        let id = server.enqueue(event)
        #expect(await server.result(for: id) == .response(event))
        child.kill()
        await server.shutdown()
        #expect(child.stdout.contains("\tDEBUG\t\(id)\techo"))
    }
}
