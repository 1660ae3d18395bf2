package import Foundation
package import JSON

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Python Modal test server (`Tests/ModalTestServer/server.py`, docs/modal-wire.md) as a child process:
/// its own ports (the OS picks them), RPC log and temp folder, so tests can each start one and run in parallel.
/// Control helpers flip its fault switches and settings; ``records()`` reads its RPC log. Stop it with ``stop()``
/// (SIGTERM by PID, then SIGKILL); it is also killed by PID when released.
package final class ModalTestServer: @unchecked Sendable {
    /// What the server printed when it became ready.
    package struct Address: Sendable {
        package var serverURL: String
        package var inputPlaneURL: String
        package var httpURL: String
        package var controlURL: String
        package var logPath: String
        package var pid: Int32
        package var tokenID: String
        package var tokenSecret: String
    }

    package let address: Address
    package let workDirectory: URL
    private let child: ChildProcess

    /// `MODAL_SERVER_URL` for clients (`http://127.0.0.1:<port>`).
    package var serverURL: String { address.serverURL }
    package var tokenID: String { address.tokenID }
    package var tokenSecret: String { address.tokenSecret }

    private init(address: Address, workDirectory: URL, child: ChildProcess) {
        self.address = address
        self.workDirectory = workDirectory
        self.child = child
    }

    /// Starts a server and waits until it is ready. `settings` (a JSON object) is merged into its defaults
    /// (`internal_failures`, `max_object_size_bytes`, …). Fails with a clear message when the test venv is missing.
    package static func start(
        tokenID: String = "ak-test",
        tokenSecret: String = "as-test",
        settings: JSONValue? = nil,
        timeout: Double = 90
    ) async throws -> ModalTestServer {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ModalTestServerError(
                "the Python test venv is missing (\(python.path)); run `make venv` or set MODAL_BRIDGE_PYTHON"
            )
        }
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("modal-test-server-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let addressFile = work.appendingPathComponent("address.json")
        var arguments = [
            RepositoryPaths.root.appendingPathComponent("Tests/ModalTestServer/server.py").path,
            "--address-file", addressFile.path,
            "--log", work.appendingPathComponent("rpc.jsonl").path,
            "--token-id", tokenID,
            "--token-secret", tokenSecret,
        ]
        if let settings { arguments += ["--settings", settings.serializedString()] }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MODAL_") }
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        let child = try ChildProcess(python, ["-u"] + arguments, environment: environment, currentDirectory: work)
        let deadline = Date().addingTimeInterval(timeout)
        while !FileManager.default.fileExists(atPath: addressFile.path) {
            if !child.isRunning {
                _ = await child.wait(timeout: 1)
                throw ModalTestServerError("the Modal test server exited during start-up:\n\(child.stderr)")
            }
            if Date() >= deadline {
                await child.terminate()
                throw ModalTestServerError("the Modal test server did not start within \(timeout) s:\n\(child.stderr)")
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let json = try JSONValue(parsing: Array(try Data(contentsOf: addressFile)))
        func text(_ key: String) throws -> String {
            guard let value = json[key]?.stringValue else {
                throw ModalTestServerError("the address file has no '\(key)': \(json.serializedString())")
            }
            return value
        }
        let address = Address(
            serverURL: try text("server_url"),
            inputPlaneURL: try text("input_plane_url"),
            httpURL: try text("http_url"),
            controlURL: try text("control_url"),
            logPath: try text("log"),
            pid: Int32(json["pid"]?.numberValue?.int64Value ?? Int64(child.pid)),
            tokenID: try text("token_id"),
            tokenSecret: try text("token_secret")
        )
        guard address.pid == child.pid else {
            await child.terminate()
            throw ModalTestServerError("the address file names pid \(address.pid), not the child \(child.pid)")
        }
        return ModalTestServer(address: address, workDirectory: work, child: child)
    }

    /// Stops the server (SIGTERM by PID, SIGKILL after `grace` seconds) and removes its temp folder.
    package func stop(grace: Double = 5) async {
        await child.terminate(grace: grace)
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// What the server wrote to stderr so far (for failure messages).
    package var stderr: String { child.stderr }

    // MARK: control API

    /// The next `count` calls matching `methods` (all when empty) and `plane` fail with the gRPC status `code`
    /// (`"UNAVAILABLE"`, …); `retryAfterSeconds` adds an `RPCRetryPolicy` detail (server throttling). With `skip`, the
    /// first `skip` matching calls pass first (`skip: k - 1` fails exactly the k-th one).
    package func addFault(
        code: String,
        count: Int = 1,
        skip: Int = 0,
        methods: [String] = [],
        plane: String? = nil,
        message: String? = nil,
        retryAfterSeconds: Double? = nil
    ) async throws {
        var members: [(String, JSONValue)] = [("code", .string(code)), ("count", .integer(count))]
        if skip > 0 { members.append(("skip", .integer(skip))) }
        if !methods.isEmpty { members.append(("methods", .array(methods.map { .string($0) }))) }
        if let plane { members.append(("plane", .string(plane))) }
        if let message { members.append(("message", .string(message))) }
        if let retryAfterSeconds { members.append(("retry_after_secs", .double(retryAfterSeconds))) }
        _ = try await control("POST", "/faults", body: .object(JSONObject(members)))
    }

    /// Removes every fault rule.
    package func clearFaults() async throws {
        _ = try await control("DELETE", "/faults")
    }

    /// Merges `settings` (a JSON object, e.g. `["internal_failures": 3]`) into the server's settings.
    package func updateSettings(_ settings: JSONValue) async throws {
        _ = try await control("POST", "/settings", body: settings)
    }

    /// Default settings and no fault rules (calls, blobs and the log stay).
    package func reset() async throws {
        _ = try await control("POST", "/reset")
    }

    /// `GET /control/state`: settings, active rules, functions, calls, blobs.
    package func state() async throws -> JSONValue {
        try await control("GET", "/state")
    }

    /// The RPC log, sorted by arrival (`seq`).
    package func records() async throws -> [ModalRPCRecord] {
        let body = try await control("GET", "/log")
        guard let records = body["records"]?.arrayValue else {
            throw ModalTestServerError("unexpected /control/log answer: \(body.serializedString())")
        }
        return records.map(ModalRPCRecord.init).sorted { $0.seq < $1.seq }
    }

    /// The records of gRPC method `method` (e.g. `"FunctionMap"`), in arrival order.
    package func records(of method: String) async throws -> [ModalRPCRecord] {
        try await records().filter { $0.method == method }
    }

    /// One control API request; returns the JSON answer or throws on a non-2xx status.
    @discardableResult
    package func control(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        guard let url = URL(string: address.controlURL + path) else {
            throw ModalTestServerError("bad control URL \(address.controlURL + path)")
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.serialized())
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            throw ModalTestServerError("control \(method) \(path) answered \(status): \(text)")
        }
        return try JSONValue(parsing: Array(data))
    }
}

/// One record of the test server's RPC log (docs/modal-wire.md, "RPC log").
/// Runs `body` with a fresh Modal test server and stops it afterwards, also when `body` throws.
package func withModalTestServer<Result>(
    tokenID: String = "ak-test",
    tokenSecret: String = "as-test",
    settings: JSONValue? = nil,
    _ body: (ModalTestServer) async throws -> Result
) async throws -> Result {
    let server = try await ModalTestServer.start(tokenID: tokenID, tokenSecret: tokenSecret, settings: settings)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

package struct ModalRPCRecord: Sendable {
    package var seq: Int
    /// `control`, `input` or `http` (blob store).
    package var plane: String
    /// gRPC method (`FunctionMap`), or `PUT`/`GET` for blob-store requests.
    package var method: String
    /// Request headers, lower-case names (the token secret is already `<redacted>` in the log).
    package var metadata: [String: String]
    /// `OK` or the gRPC status name.
    package var status: String
    package var message: String?
    /// The status was injected by a fault rule.
    package var isFault: Bool
    /// The request as protobuf JSON with proto field names.
    package var request: JSONValue?
    package var response: JSONValue?
    /// The whole record.
    package var raw: JSONValue

    package init(_ raw: JSONValue) {
        self.raw = raw
        seq = Int(raw["seq"]?.numberValue?.int64Value ?? 0)
        plane = raw["plane"]?.stringValue ?? ""
        method = raw["method"]?.stringValue ?? ""
        var metadata: [String: String] = [:]
        for (key, value) in raw["metadata"]?.objectValue?.members ?? [] {
            if let text = value.stringValue { metadata[key] = text }
        }
        if metadata.isEmpty, let headers = raw["headers"]?.objectValue {
            for (key, value) in headers.members {
                if let text = value.stringValue { metadata[key.lowercased()] = text }
            }
        }
        self.metadata = metadata
        status = raw["status"].map { $0.stringValue ?? $0.serializedString() } ?? ""
        message = raw["message"]?.stringValue
        isFault = raw["fault"]?.boolValue ?? false
        request = raw["request"]
        response = raw["response"]
    }
}

/// A Modal test server that could not be started or driven.
package struct ModalTestServerError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
