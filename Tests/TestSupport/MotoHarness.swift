import Foundation
package import JSON

/// A moto server started by `moto_harness.py` (loopback, free port, signatures checked after setup), stopped by
/// PID. Shared by the Secrets Manager tests and the bridge integration tests.
package final class MotoHarness: Sendable {
    package let process: ChildProcess
    /// The harness's `READY` document: port, keys, ARNs and the secret values.
    package let info: JSONValue
    package let port: Int

    package struct StartFailure: Error, CustomStringConvertible {
        package var description: String
    }

    private init(process: ChildProcess, info: JSONValue, port: Int) {
        self.process = process
        self.info = info
        self.port = port
    }

    package static func start() async throws -> MotoHarness {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw StartFailure(
                description: "Python test venv missing at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)"
            )
        }
        let script = RepositoryPaths.root.appendingPathComponent("Tests/SecretsManagerTests/moto_harness.py")
        var environment = ProcessInfo.processInfo.environment
        for name in environment.keys where name.hasPrefix("AWS_") { environment[name] = nil }
        let process = try ChildProcess(python, [script.path], environment: environment)
        let ready = await process.waitForOutput(timeout: 120) { stdout, _ in
            stdout.contains("READY ") && stdout.hasSuffix("\n")
        }
        guard ready, let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) else {
            await process.terminate()
            throw StartFailure(description: "moto harness did not start: \(process.stderr.suffix(2000))")
        }
        let info = try JSONValue(parsing: String(line.dropFirst("READY ".count)))
        guard let port = info["port"]?.numberValue?.int64Value else {
            await process.terminate()
            throw StartFailure(description: "moto harness printed no port")
        }
        return MotoHarness(process: process, info: info, port: Int(port))
    }

    package func stop() async {
        await process.terminate(grace: 5)
    }

    /// `info[path…]` as a string.
    package func string(_ path: String...) -> String {
        var value: JSONValue? = info
        for key in path { value = value?[key] }
        return value?.stringValue ?? ""
    }

    /// An environment for `SecretsManagerConfiguration(environment:)` pointing at this server, with the keys of
    /// `identity` (`alice`, `bob`, `role`).
    package func environment(identity: String, region: String = "us-east-1") -> [String: String] {
        var environment = [
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:\(port)",
            "AWS_ACCESS_KEY_ID": string(identity, "access_key_id"),
            "AWS_SECRET_ACCESS_KEY": string(identity, "secret_access_key"),
        ]
        let token = string(identity, "session_token")
        if !token.isEmpty { environment["AWS_SESSION_TOKEN"] = token }
        return environment
    }
}
