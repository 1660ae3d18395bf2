// Target SecretsManager (client): a plain GetSecretValue client signed with SigV4 (AsyncHTTPClient), its retries
// and error mapping; what a secret holds is the caller's business. Configured from values. May import: SigV4, JSON,
// Primitives, AsyncHTTPClient, swift-nio, swift-log. See docs/secrets.md.

package import AsyncHTTPClient
import JSON
package import Logging
package import Primitives
import SigV4

/// Something that can read a secret: the Secrets Manager client, or a fake in tests of code built on it.
package protocol SecretValueFetching: Sendable {
    /// Reads one version of a secret before `deadline`, logging to `logger` (the invocation's, so every line
    /// carries its request id) or, when `nil`, to the fetcher's own logger.
    func getSecretValue(
        secretID: String,
        versionID: String?,
        versionStage: String?,
        deadline: ContinuousClock.Instant?,
        logger: Logger?
    ) async throws(SecretsManagerError) -> SecretValue
}

/// A minimal Secrets Manager client: `GetSecretValue` over HTTPS, signed with SigV4, retried on throttling, 5xx and
/// connection errors (full-jitter backoff, never past the caller's deadline).
///
/// A secret ID that is an ARN of another region is read from that region: signed for it, and sent to its default
/// endpoint unless a custom endpoint is configured.
package struct SecretsManagerClient: SecretValueFetching {
    /// The configuration the client was made with.
    package let configuration: SecretsManagerConfiguration
    let httpClient: HTTPClient
    let signer: SigV4Signer
    let time: TimeSource
    let random: @Sendable () -> Double
    let logger: Logger

    /// A client. `time` gives the signing time (its wall clock) and measures deadlines (its monotonic clock),
    /// `random` the jitter factor in `0..<1`; both are injectable for tests. The logger defaults to one that discards everything.
    package init(
        configuration: SecretsManagerConfiguration,
        httpClient: HTTPClient,
        time: TimeSource = .system,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "modal-bridge.secrets-manager", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.signer = SigV4Signer(
            credentials: configuration.credentials,
            region: configuration.region,
            service: Self.signingName
        )
        self.time = time
        self.random = random
        self.logger = logger
    }

    static let signingName = "secretsmanager"

    /// Reads a secret (`SecretId` is a name or an ARN; `VersionId`/`VersionStage` optional, default `AWSCURRENT`).
    /// Gives up with `SecretsManager.Timeout` rather than run past `deadline`; logs to `logger` when given.
    package func getSecretValue(
        secretID: String,
        versionID: String? = nil,
        versionStage: String? = nil,
        deadline: ContinuousClock.Instant?,
        logger callerLogger: Logger? = nil
    ) async throws(SecretsManagerError) -> SecretValue {
        guard (1...2048).contains(secretID.count) else {
            throw SecretsManagerError(code: .invalidRequest, message: "SecretId must have 1 to 2048 characters")
        }
        var members: [(String, JSONValue)] = [("SecretId", .string(secretID))]
        if let versionID { members.append(("VersionId", .string(versionID))) }
        if let versionStage { members.append(("VersionStage", .string(versionStage))) }
        let body = JSONValue.object(JSONObject(members)).serialized()
        let route = route(for: secretID)
        var logger = callerLogger ?? logger
        logger[metadataKey: "secret-id"] = "\(secretID)"

        var attempt = 0
        while true {
            attempt += 1
            do throws(SecretsManagerError) {
                let request = makeRequest(operation: "GetSecretValue", body: body, route: route)
                logger.debug("GetSecretValue", metadata: ["attempt": "\(attempt)", "endpoint": "\(route.endpoint)"])
                let response = try await send(request, deadline: deadline)
                let value = try Self.parseSecretValue(response, redacting: configuration.credentials.secretStrings)
                logger.debug("GetSecretValue succeeded", metadata: ["version-id": "\(value.versionID ?? "?")"])
                return value
            } catch {
                var error = error
                error.attempts = attempt
                error.message = "GetSecretValue \(secretID): \(error.message)"
                guard error.isRetryable, attempt < configuration.maxAttempts else { throw error }
                let delay = backoff(afterAttempt: attempt, throttled: error.code == .throttled)
                if let deadline, time.now().advanced(by: delay) >= deadline {
                    logger.debug("not retrying: the backoff would pass the deadline", metadata: ["error": "\(error)"])
                    throw error
                }
                logger.notice(
                    "retrying GetSecretValue",
                    metadata: ["error": "\(error)", "delay-ms": "\(delay.wholeMilliseconds)"]
                )
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw SecretsManagerError(code: .cancelled, message: "cancelled", attempts: attempt)
                }
            }
        }
    }

    /// Full jitter: `random() × min(base × 2^(attempt−1), maxRetryDelay)`.
    func backoff(afterAttempt attempt: Int, throttled: Bool) -> Duration {
        let base = throttled ? configuration.throttlingBaseDelay : configuration.retryBaseDelay
        var ceiling = base * (1 << min(attempt - 1, 20))
        if ceiling > configuration.maxRetryDelay { ceiling = configuration.maxRetryDelay }
        return ceiling * min(max(random(), 0), 1)
    }
}

extension SecretsManagerError {
    /// Throttling, 5xx and connection errors are retried; a passed deadline or cancellation is not.
    var isRetryable: Bool {
        code == .throttled || code == .serviceUnavailable || code == .connectionFailed
    }
}

extension Duration {
    var wholeMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}

extension SigningCredentials {
    /// Every credential string, for redacting them from text that came back from the service.
    var secretStrings: [String] {
        [accessKeyID, secretAccessKey, sessionToken].compactMap { $0 }.filter { $0.count >= 4 }
    }
}
