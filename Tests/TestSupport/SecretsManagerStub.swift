import Foundation
package import JSON

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `Tests/python/secrets_manager_stub.py` as a child process: a Secrets Manager stand-in whose GetSecretValue
/// answers are scripted (a secret, an AWS error, garbage, never answering, a TCP reset) and counted. It checks no
/// signatures (moto is the real peer for that). Stopped by PID.
package final class SecretsManagerStub: Sendable {
    package let process: ChildProcess
    package let port: Int

    package struct StartFailure: Error, CustomStringConvertible {
        package var description: String
    }

    private init(process: ChildProcess, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts a stub whose every answer is `defaultAction` until ``script(_:default:)`` changes it.
    package static func start(defaultAction: JSONValue) async throws -> SecretsManagerStub {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw StartFailure(description: "Python test venv missing at \(python.path): run `make venv`")
        }
        let script = RepositoryPaths.root.appendingPathComponent("Tests/python/secrets_manager_stub.py")
        let process = try ChildProcess(python, ["-u", script.path], environment: ["PATH": "/usr/bin:/bin"])
        let ready = await process.waitForOutput(timeout: 60) { stdout, _ in
            stdout.contains("READY ") && stdout.hasSuffix("\n")
        }
        guard ready, let line = process.stdout.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }),
            let port = Int(line.dropFirst("READY ".count))
        else {
            await process.terminate()
            throw StartFailure(description: "the Secrets Manager stub did not start: \(process.stderr.suffix(2000))")
        }
        let stub = SecretsManagerStub(process: process, port: port)
        try await stub.script([], default: defaultAction)
        return stub
    }

    /// `AWS_ENDPOINT_URL_SECRETS_MANAGER` for the runtime.
    package var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The next answers, in order, then `default` for every later call (unchanged when `nil`).
    package func script(_ actions: [JSONValue], default: JSONValue? = nil) async throws {
        var members: [(String, JSONValue)] = [("script", .array(actions))]
        if let `default` { members.append(("default", `default`)) }
        _ = try await control("POST", body: .object(JSONObject(members)))
    }

    /// GetSecretValue calls received so far.
    package func calls() async throws -> Int {
        Int(try await control("GET")["calls"]?.numberValue?.int64Value ?? -1)
    }

    package func stop() async {
        await process.terminate(grace: 2)
    }

    private func control(_ method: String, body: JSONValue? = nil) async throws -> JSONValue {
        guard let url = URL(string: endpoint + "/__control") else { throw StartFailure(description: "bad URL") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.serialized()) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue(parsing: Array(data))
    }
}

extension SecretsManagerStub {
    /// A GetSecretValue answer holding `value` as its SecretString.
    package static func secret(_ value: JSONValue) -> JSONValue { ["kind": "secret", "value": value] }
    /// The Modal token secret in the shape the bridge expects.
    package static func token(id: String, secret: String) -> JSONValue {
        Self.secret(["MODAL_TOKEN_ID": .string(id), "MODAL_TOKEN_SECRET": .string(secret)])
    }
    /// An AWS error answer (`__type` and `x-amzn-ErrorType` set to `type`).
    package static func error(_ status: Int, _ type: String, _ message: String = "scripted") -> JSONValue {
        ["kind": "error", "status": .integer(Int64(status)), "type": .string(type), "message": .string(message)]
    }
    package static let hang: JSONValue = ["kind": "hang"]
    package static let reset: JSONValue = ["kind": "reset"]
    package static let garbage: JSONValue = ["kind": "garbage"]
    package static let binary: JSONValue = ["kind": "binary"]
}
