import Foundation
package import JSON

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Modal test server (`Tests/ModalTestServer/server.py`, see the README's modal-wire section) as a child process
/// of one test: started on free ports of 127.0.0.1 with its own log in a temp folder, stopped by PID.
///
/// Prefer ``withModalTestServer(settings:tokenID:tokenSecret:_:)``, which always stops it.
package final class ModalTestServer: Sendable {
    /// What the server printed when it was ready.
    package struct Address: Sendable {
        /// The control plane, for `MODAL_SERVER_URL` (`http://127.0.0.1:PORT`).
        package var serverURL: String
        /// The input plane the functions of app `ip-app` name in `input_plane_url`.
        package var inputPlaneURL: String
        /// Blob store and web endpoints.
        package var httpURL: String
        /// Base of the control API (`…/control`).
        package var controlURL: String
        /// The RPC log (JSON Lines).
        package var logPath: String
        package var pid: Int32
        package var tokenID: String
        package var tokenSecret: String
    }

    package let address: Address
    private let process: ChildProcess
    private let directory: URL

    private init(address: Address, process: ChildProcess, directory: URL) {
        self.address = address
        self.process = process
        self.directory = directory
    }

    /// Starts a server; `settings` is merged into its default settings (`state.DEFAULT_SETTINGS`).
    package static func start(
        settings: JSONObject = [:],
        tokenID: String = "ak-test",
        tokenSecret: String = "as-test",
        timeout: Double = 60
    ) async throws -> ModalTestServer {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ModalTestServerError("Python test peer not found at \(python.path): run `make venv`")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("modal-test-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let addressFile = directory.appendingPathComponent("address.json")
        let script = RepositoryPaths.root.appendingPathComponent("Tests/ModalTestServer/server.py")
        let process = try ChildProcess(
            python,
            [
                script.path, "--address-file", addressFile.path, "--log",
                directory.appendingPathComponent("rpc.jsonl").path,
                "--token-id", tokenID, "--token-secret", tokenSecret,
                "--settings", JSONValue.object(settings).serializedString(),
            ]
        )
        let ready = await process.waitForOutput(timeout: timeout) { _, _ in
            FileManager.default.fileExists(atPath: addressFile.path)
        }
        guard ready, let bytes = FileManager.default.contents(atPath: addressFile.path) else {
            process.kill()
            throw ModalTestServerError("the Modal test server did not start: \(process.stderr)")
        }
        let json = try JSONValue(parsing: Array(bytes))
        func text(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else { throw ModalTestServerError("address has no \(key)") }
            return value
        }
        let address = Address(
            serverURL: try text("server_url"),
            inputPlaneURL: try text("input_plane_url"),
            httpURL: try text("http_url"),
            controlURL: try text("control_url"),
            logPath: try text("log"),
            pid: Int32(json["pid"]?.numberValue?.int64Value ?? 0),
            tokenID: try text("token_id"),
            tokenSecret: try text("token_secret")
        )
        return ModalTestServer(address: address, process: process, directory: directory)
    }

    /// Stops the server (SIGTERM by PID, SIGKILL after a grace period) and removes its folder.
    package func stop() async {
        await process.terminate(grace: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The RPC log, sorted by `seq` (records appear when a call ends).
    package func records() throws -> [JSONValue] {
        let text = try String(contentsOfFile: address.logPath, encoding: .utf8)
        let records = try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        return records.sorted {
            ($0["seq"]?.numberValue?.int64Value ?? 0) < ($1["seq"]?.numberValue?.int64Value ?? 0)
        }
    }

    /// The gRPC method names of the log (HTTP blob requests left out), e.g. `["FunctionGet", "FunctionMap", …]`.
    package func methods() throws -> [String] {
        try records().filter { $0["plane"]?.stringValue != "http" }.compactMap { $0["method"]?.stringValue }
    }

    /// Adds a fault rule, e.g. `["code": "UNAVAILABLE", "count": 2, "methods": ["FunctionMap"]]`.
    package func addFault(_ rule: JSONObject) async throws {
        _ = try await control("POST", "/faults", body: .object(rule))
    }

    /// Merges `values` into the server settings.
    package func updateSettings(_ values: JSONObject) async throws {
        _ = try await control("POST", "/settings", body: .object(values))
    }

    /// Calls the control API; throws unless it answers 200.
    package func control(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        guard let url = URL(string: address.controlURL + path) else { throw ModalTestServerError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw ModalTestServerError(
                "control \(method) \(path) answered \(status): \(String(decoding: data, as: UTF8.self))"
            )
        }
        return try JSONValue(parsing: Array(data))
    }
}

/// Runs `body` with a fresh Modal test server and stops it afterwards, also when `body` throws.
package func withModalTestServer<Result>(
    settings: JSONObject = [:],
    tokenID: String = "ak-test",
    tokenSecret: String = "as-test",
    _ body: (ModalTestServer) async throws -> Result
) async throws -> Result {
    let server = try await ModalTestServer.start(settings: settings, tokenID: tokenID, tokenSecret: tokenSecret)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Why the Modal test server could not be used.
package struct ModalTestServerError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
