package import Logging
package import ModalClient
package import SecretsManager

/// Supplies the Modal token from a JSON secret in Secrets Manager, cached per execution environment.
///
/// - A fetched token is served for `cacheTTL` without asking again.
/// - Concurrent callers share one fetch (single flight).
/// - When a refresh fails transiently (throttling, 5xx, no answer, deadline), the last good token is served for up
///   to `gracePeriod` past its TTL, and the next refresh is tried no sooner than `refreshRetryInterval` later.
/// - `forceRefresh` fetches again at once; call it when Modal rejects the token (the secret was rotated).
///
/// The token never reaches a log line, an error message or a description.
package actor ModalTokenProvider {
    /// The secret the token is read from, and the cache settings.
    package let secret: ModalTokenSecret

    private let fetcher: any SecretValueFetching
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    private var cached: Cached?
    private var lastFailure: ContinuousClock.Instant?
    private var inFlight: Task<Result<Cached, ModalTokenError>, Never>?
    /// Reads of the secret started since the provider was made (for the invocation metrics).
    package private(set) var fetchCounts = FetchCounts()

    /// How often the secret was read: ``fetches`` in all, ``forced`` of them because Modal refused the token.
    package struct FetchCounts: Sendable, Hashable {
        package var fetches = 0
        package var forced = 0

        package init(fetches: Int = 0, forced: Int = 0) {
            self.fetches = fetches
            self.forced = forced
        }
    }

    private struct Cached: Sendable {
        var token: ModalTokenPair
        var fetchedAt: ContinuousClock.Instant
    }

    /// A provider. `fetcher` reads the secret (the Secrets Manager client); `now` is the clock of the TTL and grace
    /// bookkeeping, injectable for tests.
    package init(
        secret: ModalTokenSecret,
        fetcher: any SecretValueFetching,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        logger: Logger = Logger(label: "modal-bridge.modal-token", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.secret = secret
        self.fetcher = fetcher
        self.now = now
        self.logger = logger
    }

    /// The current token: cached while fresh, fetched (once for all concurrent callers) when not. A caller that
    /// joins a fetch already under way waits for that fetch, which runs under the deadline of the caller that
    /// started it (a Lambda execution environment handles one invocation at a time, so this is rare). `logger`
    /// (the invocation's) receives the lines of the fetch; `nil` uses the provider's own.
    package func token(
        deadline: ContinuousClock.Instant?,
        logger: Logger? = nil
    ) async throws(ModalTokenError) -> ModalTokenPair {
        let instant = now()
        if let cached, instant < cached.fetchedAt.advanced(by: secret.cacheTTL) {
            return cached.token
        }
        if let stale = usableStale(at: instant), let lastFailure,
            instant < lastFailure.advanced(by: secret.refreshRetryInterval)
        {
            return stale.token  // a refresh just failed; don't hammer the service
        }
        return try await refresh(deadline: deadline, forced: false, logger: logger ?? self.logger)
    }

    /// Fetches the token again now (joining a fetch already under way), for when Modal rejected the cached one.
    /// A failure is thrown, never answered with the old token; the cache keeps it until then.
    package func forceRefresh(
        deadline: ContinuousClock.Instant?,
        logger: Logger? = nil
    ) async throws(ModalTokenError) -> ModalTokenPair {
        let logger = logger ?? self.logger
        logger.debug("forced refresh of the Modal token")
        return try await refresh(deadline: deadline, forced: true, logger: logger)
    }

    /// A cached token still inside TTL + grace.
    private func usableStale(at instant: ContinuousClock.Instant) -> Cached? {
        guard let cached, instant < cached.fetchedAt.advanced(by: secret.cacheTTL + secret.gracePeriod) else {
            return nil
        }
        return cached
    }

    private func refresh(
        deadline: ContinuousClock.Instant?,
        forced: Bool,
        logger: Logger
    ) async throws(ModalTokenError) -> ModalTokenPair {
        let task: Task<Result<Cached, ModalTokenError>, Never>
        if let inFlight {
            task = inFlight
        } else {
            let fetchDeadline: ContinuousClock.Instant?
            if !forced, usableStale(at: now()) != nil {
                let budget = ContinuousClock.now.advanced(by: secret.fallbackFetchBudget)
                fetchDeadline = min(deadline ?? budget, budget)
            } else {
                fetchDeadline = deadline
            }
            task = Task { [self] in await self.fetch(deadline: fetchDeadline, logger: logger) }
            inFlight = task
            fetchCounts.fetches += 1
            if forced { fetchCounts.forced += 1 }
        }
        let result = await task.value
        if inFlight == task { inFlight = nil }
        switch result {
        case .success(let fresh):
            cached = fresh
            lastFailure = nil
            return fresh.token
        case .failure(let error):
            if error.isTransient { lastFailure = now() }
            if !forced, error.isTransient, let stale = usableStale(at: now()) {
                logger.warning(
                    "serving the cached Modal token: refreshing it failed",
                    metadata: ["error-type": "\(error.errorType)", "error": "\(error)"]
                )
                return stale.token
            }
            throw error
        }
    }

    private func fetch(deadline: ContinuousClock.Instant?, logger: Logger) async -> Result<Cached, ModalTokenError> {
        let value: SecretValue
        do throws(SecretsManagerError) {
            value = try await fetcher.getSecretValue(
                secretID: secret.secretID,
                versionID: nil,
                versionStage: nil,
                deadline: deadline,
                logger: logger
            )
        } catch {
            return .failure(ModalTokenError(error))
        }
        do throws(ModalTokenError) {
            let token = try secret.token(in: value)
            logger.debug(
                "fetched the Modal token from Secrets Manager",
                metadata: ["secret-id": "\(secret.secretID)", "version-id": "\(value.versionID ?? "?")"]
            )
            return .success(Cached(token: token, fetchedAt: now()))
        } catch {
            return .failure(error)
        }
    }
}
