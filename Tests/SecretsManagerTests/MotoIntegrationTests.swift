import AsyncHTTPClient
import JSON
import Logging
import NIOCore
import SigV4
import TestSupport
import Testing

@testable import SecretsManager

/// GetSecretValue against a real moto server that verifies SigV4 (and session tokens)
/// and evaluates IAM identity policies. Every test captures the logs at trace level and checks that no AWS key,
/// session token, secret value or Modal token appears in them.
@Suite("Secrets Manager against moto", .motoServer)
struct MotoIntegrationTests {
    var moto: MotoServer {
        get throws { try #require(MotoServer.current, "the .motoServer trait did not start a server") }
    }

    /// Everything that must never be logged.
    func secrets(_ moto: MotoServer) -> [String] {
        [
            moto.string("alice", "access_key_id"), moto.string("alice", "secret_access_key"),
            moto.string("bob", "access_key_id"), moto.string("bob", "secret_access_key"),
            moto.string("role", "access_key_id"), moto.string("role", "secret_access_key"),
            moto.string("role", "session_token"), moto.string("token", "token_id"),
            moto.string("token", "token_secret"), moto.string("placeholder", "token_secret"),
            moto.string("plain", "value"),
        ]
    }

    /// A client configured from `environment` (``MotoHarness/environment(identity:region:)``, maybe altered).
    func client(_ environment: [String: String], logs: LogCapture) throws -> SecretsManagerClient {
        let url = environment["AWS_ENDPOINT_URL_SECRETS_MANAGER", default: ""]
        let endpoint: SecretsManagerEndpoint = try #require(SecretsManagerEndpoint(url: url))
        let configuration = SecretsManagerConfiguration(
            region: try #require(environment["AWS_REGION"]),
            credentials: SigningCredentials(
                accessKeyID: environment["AWS_ACCESS_KEY_ID", default: ""],
                secretAccessKey: environment["AWS_SECRET_ACCESS_KEY", default: ""],
                sessionToken: environment["AWS_SESSION_TOKEN"]
            ),
            endpoint: endpoint
        )
        return SecretsManagerClient(
            configuration: configuration,
            httpClient: HTTPClient.shared,
            random: { 0 },
            logger: logs.logger()
        )
    }

    func deadline() -> ContinuousClock.Instant { .now.advanced(by: .seconds(30)) }

    func expectNoSecretsLogged(_ logs: LogCapture, _ moto: MotoServer) {
        #expect(logs.lines(containingAnyOf: secrets(moto)).isEmpty)
        #expect(!logs.lines.isEmpty, "the client should have logged something at trace level")
    }

    @Test func iamUserKeysReadTheSecret() async throws {
        let moto = try moto
        let logs = LogCapture()
        let value = try await client(moto.environment(identity: "alice"), logs: logs)
            .getSecretValue(secretID: moto.string("plain", "arn"), deadline: deadline())
        #expect(value.secretString == moto.string("plain", "value"))
        #expect(value.arn == moto.string("plain", "arn"))
        #expect(value.versionStages.contains("AWSCURRENT"))
        #expect(value.createdDate != nil)
        #expect(!"\(value)".contains(moto.string("plain", "value")))
        expectNoSecretsLogged(logs, moto)
    }

    @Test func temporaryCredentialsReadTheSecret() async throws {
        let moto = try moto
        let logs = LogCapture()
        let value = try await client(moto.environment(identity: "role"), logs: logs)
            .getSecretValue(secretID: "plain", versionStage: "AWSCURRENT", deadline: deadline())
        #expect(value.secretString == moto.string("plain", "value"))
        expectNoSecretsLogged(logs, moto)
    }

    @Test func secretBinaryDecodes() async throws {
        let moto = try moto
        let logs = LogCapture()
        let value = try await client(moto.environment(identity: "alice"), logs: logs)
            .getSecretValue(secretID: moto.string("binary", "arn"), deadline: deadline())
        let hex = value.secretBinary?.map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }.joined()
        #expect(hex == moto.string("binary", "hex"))
        #expect(value.secretBinary?.prefix(8) == [0, 1, 98, 105, 110, 97, 114, 121])
        #expect(value.secretString == nil)
    }

    @Test func wrongSecretKeyIsRejected() async throws {
        let moto = try moto
        let logs = LogCapture()
        var environment = moto.environment(identity: "alice")
        environment["AWS_SECRET_ACCESS_KEY"] = String(environment["AWS_SECRET_ACCESS_KEY", default: ""].reversed())
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(environment, logs: logs).getSecretValue(secretID: "plain", deadline: deadline())
        }
        #expect(error?.code == .signatureRejected)
        #expect(error?.errorType == "SecretsManager.InvalidSignature")
        #expect(error?.awsErrorCode == "SignatureDoesNotMatch")
        #expect(error?.attempts == 1, "signature errors are not retried")
        expectNoSecretsLogged(logs, moto)
        #expect(logs.lines(containingAnyOf: [environment["AWS_SECRET_ACCESS_KEY", default: ""]]).isEmpty)
    }

    @Test func wrongSessionTokenIsRejected() async throws {
        let moto = try moto
        let logs = LogCapture()
        var environment = moto.environment(identity: "role")
        environment["AWS_SESSION_TOKEN"] = "FQoGZXIvYXdzEXAMPLEWRONGTOKEN"
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(environment, logs: logs).getSecretValue(secretID: "plain", deadline: deadline())
        }
        #expect(error?.code == .invalidCredentials)
        #expect(error?.errorType == "SecretsManager.InvalidCredentials")
        #expect(error?.attempts == 1)
        expectNoSecretsLogged(logs, moto)
        #expect(logs.lines(containingAnyOf: ["FQoGZXIvYXdzEXAMPLEWRONGTOKEN"]).isEmpty)
    }

    @Test func unknownAccessKeyIsRejected() async throws {
        let moto = try moto
        let logs = LogCapture()
        var environment = moto.environment(identity: "alice")
        environment["AWS_ACCESS_KEY_ID"] = "AKIAUNKNOWNKEY000000"
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(environment, logs: logs).getSecretValue(secretID: "plain", deadline: deadline())
        }
        #expect(error?.code == .invalidCredentials)
        #expect(error?.awsErrorCode == "InvalidClientTokenId")
    }

    /// The body is changed after the request was signed: moto recomputes the payload hash and refuses.
    @Test func bodyAlteredAfterSigningIsRejected() async throws {
        let moto = try moto
        let logs = LogCapture()
        let client = try client(moto.environment(identity: "alice"), logs: logs)
        let signedBody = JSONValue.object(["SecretId": "plain"]).serialized()
        var request = client.makeRequest(
            operation: "GetSecretValue",
            body: signedBody,
            route: client.route(for: "plain")
        )
        request.body = .bytes(JSONValue.object(["SecretId": "binary"]).serialized())
        let error = await #expect(throws: SecretsManagerError.self) {
            _ = try await client.send(request, deadline: deadline())
        }
        #expect(error?.code == .signatureRejected)
        // The untouched request goes through, so it was only the body.
        let untouched = client.makeRequest(
            operation: "GetSecretValue",
            body: signedBody,
            route: client.route(for: "plain")
        )
        let response = try await client.send(untouched, deadline: deadline())
        #expect(response.status == 200)
    }

    @Test func explicitDenyIsAccessDenied() async throws {
        let moto = try moto
        let logs = LogCapture()
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(moto.environment(identity: "bob"), logs: logs)
                .getSecretValue(secretID: moto.string("plain", "arn"), deadline: deadline())
        }
        #expect(error?.code == .accessDenied)
        #expect(error?.errorType == "SecretsManager.AccessDenied")
        #expect(error?.attempts == 1)
        #expect(error?.message.contains("not authorized") == true)
        expectNoSecretsLogged(logs, moto)
    }

    @Test func missingSecretIsNotFound() async throws {
        let moto = try moto
        let logs = LogCapture()
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(moto.environment(identity: "alice"), logs: logs)
                .getSecretValue(secretID: "no/such/secret", deadline: deadline())
        }
        #expect(error?.code == .notFound)
        #expect(error?.errorType == "SecretsManager.NotFound")
        #expect(error?.awsErrorCode == "ResourceNotFoundException")
        #expect(error?.attempts == 1)
    }

    /// The client is configured for eu-west-1; the ARN says us-east-1, so the call is signed for us-east-1 (moto
    /// keeps secrets per region and picks the region from the signature's scope).
    @Test func arnRegionWins() async throws {
        let moto = try moto
        let logs = LogCapture()
        let value = try await client(moto.environment(identity: "alice", region: "eu-west-1"), logs: logs)
            .getSecretValue(secretID: moto.string("plain", "arn"), deadline: deadline())
        #expect(value.secretString == moto.string("plain", "value"))
        let error = await #expect(throws: SecretsManagerError.self) {
            try await client(moto.environment(identity: "alice", region: "eu-west-1"), logs: logs)
                .getSecretValue(secretID: "plain", deadline: deadline())
        }
        #expect(error?.code == .notFound, "a bare name is looked up in the configured region")
    }

    /// The client is a plain GetSecretValue client: the Modal token secret comes back as the JSON text it is (the
    /// bridge parses it), and so does a placeholder (reported as `Secret.Placeholder` by the bridge, not here).
    @Test func theTokenSecretComesBackAsStored() async throws {
        let moto = try moto
        let logs = LogCapture()
        let client = try client(moto.environment(identity: "role"), logs: logs)
        for (name, part) in [("token", "token_id"), ("token", "token_secret"), ("placeholder", "token_secret")] {
            let value = try await client.getSecretValue(secretID: moto.string(name, "arn"), deadline: deadline())
            let json = try JSONValue(parsing: try #require(value.secretString))
            #expect(json["MODAL_TOKEN_\(part == "token_id" ? "ID" : "SECRET")"]?.stringValue == moto.string(name, part))
            #expect(!"\(value)".contains(moto.string(name, part)))
        }
        expectNoSecretsLogged(logs, moto)
    }
}
