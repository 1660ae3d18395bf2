import AsyncHTTPClient
import JSON
import Logging
import Primitives
import SigV4
import TestSupport
import Testing

@testable import SecretsManager

/// The client against a scripted loopback server: what it sends, how it reads answers and errors, when it retries.
@Suite("Secrets Manager client")
struct ClientTests {
    static let accessKeyID = "ASIAEXAMPLEKEY000001"
    static let secretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let sessionToken = "FQoGZXIvYXdzEXAMPLETOKENVALUE=="
    static let signingTime: Int64 = 1_440_938_160  // 20150830T123600Z

    static func client(
        port: Int,
        region: String = "us-east-1",
        attemptTimeout: Duration = .seconds(3),
        random: @escaping @Sendable () -> Double = { 0 },
        logs: LogCapture,
        configure: (inout SecretsManagerConfiguration) -> Void = { _ in }
    ) throws -> SecretsManagerClient {
        var configuration = SecretsManagerConfiguration(
            region: region,
            credentials: SigningCredentials(
                accessKeyID: accessKeyID,
                secretAccessKey: secretKey,
                sessionToken: sessionToken
            ),
            endpoint: SecretsManagerEndpoint(url: "http://127.0.0.1:\(port)")
        )
        configuration.attemptTimeout = attemptTimeout
        configure(&configuration)
        return SecretsManagerClient(
            configuration: configuration,
            httpClient: HTTPClient.shared,
            time: .wallClockStopped(atEpochSeconds: signingTime),
            random: random,
            logger: logs.logger()
        )
    }

    static let success = ScriptedHTTPServer.Answer.respond(
        200,
        [("Content-Type", "application/x-amz-json-1.1")],
        #"{"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:s-AbCdEf","Name":"s","VersionId":"v1","#
            + #""VersionStages":["AWSCURRENT"],"CreatedDate":1523477145.713,"SecretString":"hello\u0021"}"#
    )

    static func deadline(_ duration: Duration = .seconds(20)) -> ContinuousClock.Instant {
        .now.advanced(by: duration)
    }

    /// The request on the wire is exactly what was signed: a server-side recomputation with the recorded method,
    /// host, path, signed headers and body gives the same Authorization.
    @Test func sendsWhatItSigned() async throws {
        let logs = LogCapture()
        try await ScriptedHTTPServer.with([Self.success]) { server in
            let client = try Self.client(port: server.port, logs: logs)
            let value = try await client.getSecretValue(
                secretID: "s",
                versionStage: "AWSPREVIOUS",
                deadline: Self.deadline()
            )
            #expect(value.secretString == "hello!")
            #expect(value.createdDate == 1_523_477_145.713)
            #expect(value.versionStages == ["AWSCURRENT"])
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/")
            #expect(String(decoding: request.body, as: UTF8.self) == #"{"SecretId":"s","VersionStage":"AWSPREVIOUS"}"#)
            #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(request.header("X-Amz-Target") == "secretsmanager.GetSecretValue")
            #expect(request.header("X-Amz-Date") == "20150830T123600Z")
            #expect(request.header("X-Amz-Security-Token") == Self.sessionToken)
            #expect(request.header("Host") == "127.0.0.1:\(server.port)")
            #expect(request.headers.filter { $0.name.lowercased() == "host" }.count == 1)
            #expect(request.header("x-amz-content-sha256") == nil)
            let authorization = try #require(request.header("Authorization"))
            #expect(
                authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,")
            )
            #expect(
                authorization.contains("Credential=\(Self.accessKeyID)/20150830/us-east-1/secretsmanager/aws4_request")
            )

            let signedNames = ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"]
            let recomputed = SigV4Signer(
                credentials: SigningCredentials(
                    accessKeyID: Self.accessKeyID,
                    secretAccessKey: Self.secretKey,
                    sessionToken: Self.sessionToken
                ),
                region: "us-east-1",
                service: "secretsmanager"
            ).sign(
                SigV4Request(
                    method: request.method,
                    host: try #require(request.header("Host")),
                    path: request.uri,
                    headers: request.headers.filter { signedNames.contains($0.name.lowercased()) },
                    body: request.body
                ),
                at: SigV4Timestamp(secondsSinceEpoch: Self.signingTime)
            )
            #expect(recomputed.authorization == authorization)
        }
        #expect(logs.lines(containingAnyOf: [Self.secretKey, Self.sessionToken, Self.accessKeyID, "hello!"]).isEmpty)
    }

    @Test func throttlingIsRetried() async throws {
        let logs = LogCapture()
        try await ScriptedHTTPServer.with([
            .respond(400, [], #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#), Self.success,
        ]) { server in
            let value = try await Self.client(port: server.port, logs: logs)
                .getSecretValue(secretID: "s", deadline: Self.deadline())
            #expect(value.secretString == "hello!")
            #expect(server.requests.count == 2)
        }
        #expect(
            logs.lines.contains { $0.contains("retrying GetSecretValue") && $0.contains("SecretsManager.Throttled") }
        )
    }

    @Test func serverErrorsAreRetriedThreeTimes() async throws {
        try await ScriptedHTTPServer.with([
            .respond(500, [], #"{"__type":"InternalServiceError","message":"boom"}"#),
            .respond(503, [("Content-Type", "text/html")], "<html>unavailable</html>"),
            .respond(502, [], ""), Self.success,
        ]) { server in
            let error = await #expect(throws: SecretsManagerError.self) {
                try await Self.client(port: server.port, logs: LogCapture())
                    .getSecretValue(secretID: "s", deadline: Self.deadline())
            }
            #expect(error?.code == .serviceUnavailable)
            #expect(error?.errorType == "SecretsManager.ServiceUnavailable")
            #expect(error?.attempts == 3)
            #expect(error?.httpStatus == 502)
            #expect(server.requests.count == 3)
        }
    }

    @Test func droppedConnectionIsRetried() async throws {
        try await ScriptedHTTPServer.with([.close, Self.success]) { server in
            let value = try await Self.client(port: server.port, logs: LogCapture())
                .getSecretValue(secretID: "s", deadline: Self.deadline())
            #expect(value.secretString == "hello!")
            #expect(server.requests.count == 2)
        }
    }

    @Test func refusedConnectionIsConnectionFailed() async throws {
        let port = try await ScriptedHTTPServer.with([]) { $0.port }  // closed again: nothing listens there now
        let error = await #expect(throws: SecretsManagerError.self) {
            // AsyncHTTPClient retries a refused connect until the attempt's time runs out: keep attempts short.
            try await Self.client(port: port, attemptTimeout: .milliseconds(300), logs: LogCapture())
                .getSecretValue(secretID: "s", deadline: Self.deadline())
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.attempts == 3)
    }

    /// With the jitter at its maximum the throttling backoff (almost 60 s here) would pass the 20 s deadline: the
    /// client stops after one attempt instead of sleeping past it.
    @Test func noBackoffPastTheDeadline() async throws {
        try await ScriptedHTTPServer.with([
            .respond(400, [], #"{"__type":"ThrottlingException"}"#), Self.success,
        ]) { server in
            let error = await #expect(throws: SecretsManagerError.self) {
                try await Self.client(port: server.port, random: { 0.999 }, logs: LogCapture()) { configuration in
                    configuration.throttlingBaseDelay = .seconds(60)
                    configuration.maxRetryDelay = .seconds(60)
                }
                .getSecretValue(secretID: "s", deadline: Self.deadline(.seconds(20)))
            }
            #expect(error?.code == .throttled)
            #expect(error?.attempts == 1)
            #expect(server.requests.count == 1)
        }
    }

    @Test func hangingServerHitsTheDeadline() async throws {
        try await ScriptedHTTPServer.with([.hang]) { server in
            let error = await #expect(throws: SecretsManagerError.self) {
                try await Self.client(port: server.port, logs: LogCapture())
                    .getSecretValue(secretID: "s", deadline: Self.deadline(.milliseconds(300)))
            }
            #expect(error?.code == .timeout)
            #expect(error?.errorType == "SecretsManager.Timeout")
            #expect(error?.attempts == 1)
        }
    }

    @Test func passedDeadlineSendsNothing() async throws {
        try await ScriptedHTTPServer.with([Self.success]) { server in
            let error = await #expect(throws: SecretsManagerError.self) {
                try await Self.client(port: server.port, logs: LogCapture())
                    .getSecretValue(secretID: "s", deadline: .now.advanced(by: .milliseconds(-1)))
            }
            #expect(error?.code == .timeout)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func secretInAnotherRegionIsSignedForIt() async throws {
        try await ScriptedHTTPServer.with([Self.success]) { server in
            _ = try await Self.client(port: server.port, region: "eu-west-1", logs: LogCapture())
                .getSecretValue(
                    secretID: "arn:aws:secretsmanager:us-west-2:1:secret:s-AbCdEf",
                    deadline: Self.deadline()
                )
            let authorization = server.requests.first?.header("Authorization") ?? ""
            #expect(authorization.contains("/20150830/us-west-2/secretsmanager/aws4_request"))
        }
    }

    @Test func invalidSuccessBodyIsInvalidResponse() async throws {
        try await ScriptedHTTPServer.with([
            .respond(200, [], "<html>hi</html>"), .respond(200, [], #"{"ARN":"x"}"#),
            .respond(200, [], #"{"SecretBinary":"not base64!"}"#),
        ]) { server in
            for _ in 0..<3 {
                let error = await #expect(throws: SecretsManagerError.self) {
                    try await Self.client(port: server.port, logs: LogCapture())
                        .getSecretValue(secretID: "s", deadline: Self.deadline())
                }
                #expect(error?.code == .invalidResponse)
                #expect(error?.attempts == 1)
            }
        }
    }

    @Test func secretIDLength() async throws {
        let error = await #expect(throws: SecretsManagerError.self) {
            try await Self.client(port: 1, logs: LogCapture()).getSecretValue(secretID: "", deadline: nil)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.attempts == 0)
    }
}
