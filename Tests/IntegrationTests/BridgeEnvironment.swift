import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The three real peers of the bridge: moto (Secrets Manager, signatures checked) holding the Modal token, the
/// Modal test server accepting that token, and the local Runtime API the real `bootstrap` binary polls.
final class BridgeEnvironment: Sendable {
    let moto: MotoHarness
    let motoInfo: JSONValue
    let modal: ModalTestServer

    struct SetupFailure: Error, CustomStringConvertible {
        var description: String
    }

    private init(moto: MotoHarness, motoInfo: JSONValue, modal: ModalTestServer) {
        self.moto = moto
        self.motoInfo = motoInfo
        self.modal = modal
    }

    static func start() async throws -> BridgeEnvironment {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SetupFailure(description: "the Python test venv is missing at \(python.path): run `make venv`")
        }
        let moto = try await MotoHarness.start()
        let info = moto.info
        do {
            let modal = try await ModalTestServer.start(
                tokenID: info["token"]?["token_id"]?.stringValue ?? "",
                tokenSecret: info["token"]?["token_secret"]?.stringValue ?? ""
            )
            return BridgeEnvironment(moto: moto, motoInfo: info, modal: modal)
        } catch {
            await moto.stop()
            throw error
        }
    }

    func stop() async {
        await modal.stop()
        await moto.stop()
    }

    /// Secrets the logs must never contain.
    var secrets: [String] {
        [
            motoInfo["token"]?["token_id"]?.stringValue, motoInfo["token"]?["token_secret"]?.stringValue,
            motoInfo["role"]?["secret_access_key"]?.stringValue, motoInfo["role"]?["session_token"]?.stringValue,
        ].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// The environment Lambda would give the function: STS credentials, the secret ARN, the Modal contract.
    func lambdaEnvironment(
        function: String,
        pattern: String,
        mode: String = "event",
        extra: [String: String] = [:]
    ) -> [String: String] {
        var environment: [String: String] = [
            "PATH": "/usr/bin:/bin",
            "_HANDLER": "bootstrap",
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": motoInfo["role"]?["access_key_id"]?.stringValue ?? "",
            "AWS_SECRET_ACCESS_KEY": motoInfo["role"]?["secret_access_key"]?.stringValue ?? "",
            "AWS_SESSION_TOKEN": motoInfo["role"]?["session_token"]?.stringValue ?? "",
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:\(motoInfo["port"]?.numberValue?.int64Value ?? 0)",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
            "AWS_LAMBDA_LOG_LEVEL": "TRACE",
            "MODAL_SECRET_ARN": motoInfo["token"]?["arn"]?.stringValue ?? "",
            "MODAL_SERVER_URL": modal.serverURL,
            "MODAL_APP_NAME": "test-app",
            "MODAL_FUNCTION_NAME": function,
            "MODAL_INTEGRATION_PATTERN": pattern,
            "MODAL_BRIDGE_DISPATCH_MODE": mode,
            "PARAMETERS": #"{"source":"integration","ratio":1.0}"#,
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// A running bootstrap process and its Runtime API.
    struct Runtime {
        let server: RuntimeAPIServer
        let process: ChildProcess
        /// What its output must never contain (``SecretHygiene``).
        let secrets: [String]

        func invoke(_ event: [UInt8]) async -> InvocationResult {
            await server.invoke(event)
        }

        /// Kills the process, stops the Runtime API, checks the output's secret hygiene and returns the output.
        @discardableResult
        func stop(sourceLocation: SourceLocation = #_sourceLocation) async -> String {
            process.kill()
            await server.shutdown()
            let output = process.stdout + process.stderr
            expectNoSecrets(in: output, secrets: secrets, "bootstrap output", sourceLocation: sourceLocation)
            let posted = server.requests.map(\.bodyText).joined(separator: "\n")
            expectNoSecrets(in: posted, secrets: secrets, "Runtime API posts", sourceLocation: sourceLocation)
            return output
        }
    }

    func runtime(
        _ environment: [String: String],
        timeoutMilliseconds: Int64 = 60_000,
        extraSecrets: [String] = []
    ) async throws -> Runtime {
        var behavior = RuntimeAPIServerBehavior()
        behavior.timeoutMilliseconds = timeoutMilliseconds
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        var environment = environment
        environment["AWS_LAMBDA_RUNTIME_API"] = server.address
        let process = try ChildProcess(RepositoryPaths.builtProduct("bootstrap"), [], environment: environment)
        let secrets = SecretHygiene.secrets(environment: environment, extra: self.secrets + extraSecrets)
        return Runtime(server: server, process: process, secrets: secrets)
    }
}

/// One environment for the whole suite.
struct BridgeEnvironmentTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let environment = try await BridgeEnvironment.start()
        do {
            try await BridgeEnvironment.$current.withValue(environment) { try await function() }
        } catch {
            await environment.stop()
            throw error
        }
        await environment.stop()
    }
}

extension BridgeEnvironment {
    @TaskLocal static var current: BridgeEnvironment?
}

extension Trait where Self == BridgeEnvironmentTrait {
    static var bridgeEnvironment: Self { Self() }
}
