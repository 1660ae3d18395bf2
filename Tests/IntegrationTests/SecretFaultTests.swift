import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The real `bootstrap` reading its Modal token from a Secrets Manager that fails: a scripted stub (throttling,
/// 5xx, resets, never answering, AWS error codes, bad secrets) and moto with signatures enforced (denied, wrong
/// key, wrong session token, missing secret, placeholder, binary). The posted `errorType` is the real one, the
/// error arrives at least 1 s before the deadline, the secret is read once per invocation with a TTL of 0, it is
/// read again after a rotation, and every Secrets Manager log line carries the invocation's request id.
@Suite(.bridgeEnvironment, .serialized) struct SecretFaultTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var action: JSONValue
        var errorType: String
        var testDescription: String { name }
    }

    static let stubCases: [Case] = [
        Case(
            name: "throttled",
            action: SecretsManagerStub.error(400, "ThrottlingException", "Rate exceeded"),
            errorType: "SecretsManager.Throttled"
        ),
        Case(
            name: "5xx",
            action: SecretsManagerStub.error(500, "InternalServiceError"),
            errorType: "SecretsManager.ServiceUnavailable"
        ),
        Case(name: "reset", action: SecretsManagerStub.reset, errorType: "SecretsManager.ConnectionFailed"),
        Case(
            name: "access denied",
            action: SecretsManagerStub.error(400, "AccessDeniedException", "not authorized"),
            errorType: "SecretsManager.AccessDenied"
        ),
        Case(
            name: "invalid signature",
            action: SecretsManagerStub.error(400, "InvalidSignatureException", "signature mismatch"),
            errorType: "SecretsManager.InvalidSignature"
        ),
        Case(
            name: "invalid credentials",
            action: SecretsManagerStub.error(400, "UnrecognizedClientException", "invalid security token"),
            errorType: "SecretsManager.InvalidCredentials"
        ),
        Case(
            name: "not found",
            action: SecretsManagerStub.error(400, "ResourceNotFoundException", "no such secret"),
            errorType: "SecretsManager.NotFound"
        ),
        Case(name: "invalid response", action: SecretsManagerStub.garbage, errorType: "SecretsManager.InvalidResponse"),
        Case(
            name: "placeholder",
            action: SecretsManagerStub.token(id: "token-id", secret: "token-secret-placeholder"),
            errorType: "Secret.Placeholder"
        ),
        Case(name: "binary", action: SecretsManagerStub.binary, errorType: "Secret.Invalid"),
        Case(name: "not an object", action: SecretsManagerStub.secret("just text"), errorType: "Secret.Invalid"),
    ]

    private func environment() throws -> BridgeEnvironment {
        try #require(BridgeEnvironment.current)
    }

    /// The Modal token moto holds (the Modal test server accepts it).
    private func goodToken(_ environment: BridgeEnvironment) -> JSONValue {
        SecretsManagerStub.token(
            id: environment.moto.string("token", "token_id"),
            secret: environment.moto.string("token", "token_secret")
        )
    }

    /// Invokes once and returns the posted `errorType` and body, recording an issue when the invocation succeeded.
    private func invokeExpectingError(
        _ runtime: BridgeEnvironment.Runtime,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> (id: String, errorType: String?, body: JSONValue?) {
        let id = runtime.server.enqueue(Array(#"{"k":"v"}"#.utf8))
        guard case .error(let body, let errorType) = await runtime.server.result(for: id) else {
            Issue.record("expected an invocation error", sourceLocation: sourceLocation)
            return (id, nil, nil)
        }
        return (id, errorType, try? JSONValue(parsing: body))
    }

    /// Failed on the old code: every case was posted as `Modal.Auth`.
    @Test(arguments: stubCases)
    func stubFailureIsPostedWithItsOwnErrorType(_ failure: Case) async throws {
        let environment = try environment()
        let stub = try await SecretsManagerStub.start(defaultAction: failure.action)
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "remote",
                extra: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": stub.endpoint]
            ),
            extraSecrets: ["token-secret-placeholder"]
        )
        let (_, errorType, body) = await invokeExpectingError(runtime)
        #expect(errorType == failure.errorType)
        #expect(body?["errorType"]?.stringValue == failure.errorType)
        let message = body?["errorMessage"]?.stringValue ?? ""
        #expect(!message.isEmpty && !message.hasPrefix("Modal"), "\(message)")
        await runtime.stop()
        await stub.stop()
    }

    /// The same against moto with signatures checked: the failures a real deployment meets.
    @Test(arguments: ["denied", "wrong secret key", "wrong session token", "missing secret", "placeholder", "binary"])
    func motoFailureIsPostedWithItsOwnErrorType(_ name: String) async throws {
        let environment = try environment()
        let moto = environment.moto
        var extra: [String: String] = [:]
        let expected: String
        switch name {
        case "denied":
            extra = moto.environment(identity: "bob")
            extra["AWS_SESSION_TOKEN"] = ""
            expected = "SecretsManager.AccessDenied"
        case "wrong secret key":
            extra["AWS_SECRET_ACCESS_KEY"] = "wrong-" + moto.string("role", "secret_access_key")
            expected = "SecretsManager.InvalidSignature"
        case "wrong session token":
            extra["AWS_SESSION_TOKEN"] = "wrong-" + moto.string("role", "session_token")
            expected = "SecretsManager.InvalidCredentials"
        case "missing secret":
            extra["MODAL_SECRET_ARN"] = moto.string("token", "arn") + "-missing"
            expected = "SecretsManager.NotFound"
        case "placeholder":
            extra["MODAL_SECRET_ARN"] = moto.string("placeholder", "arn")
            expected = "Secret.Placeholder"
        default:
            extra["MODAL_SECRET_ARN"] = moto.string("binary", "arn")
            expected = "Secret.Invalid"
        }
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: "spawn", extra: extra),
            extraSecrets: [moto.string("placeholder", "token_secret"), moto.string("bob", "secret_access_key")]
        )
        let (_, errorType, body) = await invokeExpectingError(runtime)
        #expect(errorType == expected, "\(name): \(body?.serializedString() ?? "")")
        await runtime.stop()
    }

    /// Failed on the old code: a Secrets Manager that never answers (or keeps resetting) was given a fixed 10 s
    /// budget, and the error was posted after the deadline. Ordering only: the Runtime API's receive time of the
    /// `/error` against the deadline it sent.
    @Test(arguments: ["never answers", "resets"], [3_000, 5_000, 10_000])
    func secretFailureIsPostedAtLeastOneSecondBeforeTheDeadline(
        _ behavior: String,
        timeoutMilliseconds: Int
    ) async throws {
        let environment = try environment()
        let hangs = behavior == "never answers"
        let stub = try await SecretsManagerStub.start(
            defaultAction: hangs ? SecretsManagerStub.hang : SecretsManagerStub.reset
        )
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "remote",
                extra: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": stub.endpoint]
            ),
            timeoutMilliseconds: Int64(timeoutMilliseconds)
        )
        let (id, errorType, _) = await invokeExpectingError(runtime)
        #expect(errorType == (hangs ? "SecretsManager.Timeout" : "SecretsManager.ConnectionFailed"))
        let posted = try #require(runtime.server.requests.first { $0.path.hasSuffix("/\(id)/error") })
        let deadline = try #require(runtime.server.deadline(for: id))
        #expect(
            posted.receivedAtEpochMilliseconds <= deadline - 1_000,
            "posted \(deadline - posted.receivedAtEpochMilliseconds) ms before the deadline"
        )
        await runtime.stop()
        await stub.stop()
    }

    /// Failed on the old code: with a TTL of 0 every Modal RPC read the secret (8 reads for 3 invocations).
    @Test func ttlZeroReadsTheSecretOncePerInvocation() async throws {
        let environment = try environment()
        let stub = try await SecretsManagerStub.start(defaultAction: goodToken(environment))
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "remote",
                extra: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": stub.endpoint, "MODAL_TOKEN_CACHE_TTL_SECONDS": "0"]
            )
        )
        for round in 1...3 {
            guard case .response = await runtime.invoke(Array(#"{"round":\#(round)}"#.utf8)) else {
                Issue.record("invocation \(round) failed")
                break
            }
        }
        #expect(try await stub.calls() == 3)
        await runtime.stop()
        await stub.stop()
    }

    /// Failed on the old code: the Secrets Manager client logged with the init logger, without `requestId`.
    @Test func everySecretsManagerLogLineCarriesTheRequestID() async throws {
        let environment = try environment()
        let token = goodToken(environment)
        let stub = try await SecretsManagerStub.start(defaultAction: token)
        try await stub.script([SecretsManagerStub.error(400, "ThrottlingException", "Rate exceeded"), token])
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "spawn",
                extra: ["AWS_ENDPOINT_URL_SECRETS_MANAGER": stub.endpoint, "MODAL_TOKEN_CACHE_TTL_SECONDS": "0"]
            )
        )
        var ids: Set<String> = []
        for _ in 1...2 {
            let id = runtime.server.enqueue(Array("{}".utf8))
            ids.insert(id)
            guard case .response = await runtime.server.result(for: id) else {
                Issue.record("the invocation failed")
                break
            }
        }
        let output = await runtime.stop()
        var secretLines = 0
        for line in output.split(separator: "\n") {
            guard let record = try? JSONValue(parsing: String(line)) else { continue }
            let message = record["message"]?.stringValue ?? ""
            let aboutTheSecret =
                record["secret-id"] != nil || message.contains("GetSecretValue") || message.contains("Modal token")
            guard aboutTheSecret else { continue }
            secretLines += 1
            #expect(ids.contains(record["requestId"]?.stringValue ?? ""), "no requestId: \(line)")
        }
        #expect(secretLines >= 4, "expected the GetSecretValue lines of both invocations, including a retry")
        #expect(output.contains("retrying GetSecretValue"))
    }

    /// Rotation: a token Modal refuses is read again at once; a cached token is kept for the TTL; after the TTL
    /// the new value in the secret is used.
    @Test func rotatedTokenIsUsedAfterAnAuthFailureAndAfterTheTTL() async throws {
        let environment = try environment()
        let tokens = ["a", "b", "c"].map { name in
            (
                id: "ak-rotation-\(name)-\(UUID().uuidString.prefix(8))",
                secret: "as-rotation-\(name)-\(UUID().uuidString)"
            )
        }
        let stub = try await SecretsManagerStub.start(
            defaultAction: SecretsManagerStub.token(id: tokens[0].id, secret: tokens[0].secret)
        )
        try await withModalTestServer(tokenID: tokens[1].id, tokenSecret: tokens[1].secret) { modal in
            let runtime = try await environment.runtime(
                environment.lambdaEnvironment(
                    function: "echo",
                    pattern: "remote",
                    extra: [
                        "AWS_ENDPOINT_URL_SECRETS_MANAGER": stub.endpoint, "MODAL_SERVER_URL": modal.serverURL,
                        "MODAL_TOKEN_CACHE_TTL_SECONDS": "4",
                    ]
                ),
                extraSecrets: tokens.map(\.secret)
            )
            let event = Array(#"{"k":"v"}"#.utf8)
            /// Puts token `index` into the secret, invokes, and checks the outcome and the total reads so far.
            func step(secret index: Int, succeeds: Bool, reads: Int, _ what: String) async throws {
                let token = tokens[index]
                try await stub.script([], default: SecretsManagerStub.token(id: token.id, secret: token.secret))
                let result = await runtime.invoke(event)
                if succeeds {
                    guard case .response = result else {
                        Issue.record("\(what): \(result)")
                        return
                    }
                } else {
                    guard case .error(_, let errorType) = result else {
                        Issue.record("\(what): \(result)")
                        return
                    }
                    #expect(errorType == "Modal.Auth", "\(what)")
                }
                #expect(try await stub.calls() == reads, "\(what)")
            }
            // a: Modal refuses it; the secret is read again at once (still a): Modal.Auth after two reads.
            try await step(secret: 0, succeeds: false, reads: 2, "token a must be refused after one re-read")
            // b: the cached a is refused, b is read at once and works.
            try await step(
                secret: 1,
                succeeds: true,
                reads: 3,
                "the rotated token b must be used after Modal refused a"
            )
            // c: b is cached for the TTL and still works, nothing is read.
            try await step(secret: 2, succeeds: true, reads: 3, "the cached token b must be used within the TTL")
            // After the TTL, c is read (and refused by this Modal server, which only knows b).
            try await Task.sleep(for: .milliseconds(4_500))
            _ = await runtime.invoke(event)
            #expect(try await stub.calls() >= 4)
            let lastTokenID = try await modal.records().last { $0.metadata["x-modal-token-id"] != nil }?
                .metadata["x-modal-token-id"]
            #expect(lastTokenID == tokens[2].id, "after the TTL the new token in the secret is used")
            await runtime.stop()
        }
        await stub.stop()
    }
}
