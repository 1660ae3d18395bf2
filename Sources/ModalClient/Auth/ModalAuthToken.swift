import JSON
package import Primitives

/// Reading the `exp` claim of the JWT `AuthTokenGet` returns (without verifying the signature), and the refresh
/// plan the official clients use: refresh after about half the remaining lifetime.
package enum ModalAuthToken {
    /// Lifetime assumed for a token without a readable `exp` claim.
    package static let assumedLifetime: Duration = .seconds(20 * 60)

    /// The `exp` claim (epoch seconds) of `jwt`, or `nil` when the token has no readable payload or no numeric
    /// `exp`.
    package static func expiry(ofJWT jwt: String) -> Double? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64.decode(parts[1], padding: .ignored, alphabet: .standardOrURLSafe),
            let claims = try? JSONValue(parsing: payload), let exp = claims["exp"]?.numberValue
        else { return nil }
        return Double(exp.text)
    }

    /// When to refresh and until when to use a token fetched at `now` (epoch seconds): the remaining lifetime
    /// (`exp − now`, or 20 minutes without `exp`) times `0.5 + jitter`, with `jitter` in `[0, 0.1)`.
    package static func plan(
        expiry: Double?,
        now: Double,
        jitter: Double
    ) -> (refreshAfter: Duration, validFor: Duration) {
        let lifetime: Double
        if let expiry {
            lifetime = max(0, expiry - now)
        } else {
            lifetime = Double(assumedLifetime.components.seconds)
        }
        let fraction = 0.5 + min(max(jitter, 0), 0.0999)
        return (.seconds(lifetime * fraction), .seconds(lifetime))
    }
}

/// The cached `x-modal-auth-token`. Without a usable token every caller waits on one shared `AuthTokenGet`; once
/// the refresh point has passed one caller refreshes while the others keep using the still-valid token; a failed
/// refresh keeps the old token and backs off (0.5 s doubling to 60 s).
package actor ModalAuthTokenCache {
    private let time: TimeSource

    private struct Entry {
        var token: String
        var refreshAt: ContinuousClock.Instant
        var expiresAt: ContinuousClock.Instant
        var failures: Int
    }

    private var entry: Entry?
    private var fetching = false
    private var generation = 0
    private var waiters: [CheckedContinuation<String, any Error>] = []

    /// A cache whose refresh points are read on `time`'s monotonic clock.
    package init(time: TimeSource = .system) {
        self.time = time
    }

    /// The token, fetched with `fetch` (which returns the token and the current epoch time) when needed.
    package func token(fetch: @Sendable () async throws -> (token: String, now: Double)) async throws -> String {
        let now = time.now()
        if let entry, now < entry.refreshAt { return entry.token }
        if var stale = entry, now < stale.expiresAt {
            if fetching { return stale.token }
            fetching = true
            defer { fetching = false }
            let started = generation
            do {
                let fetched = try await fetch()
                if generation == started { store(fetched) }
                return fetched.token
            } catch {
                stale.failures += 1
                let backoff = min(60.0, 0.5 * Double(1 << min(stale.failures - 1, 7)))
                stale.refreshAt = min(time.now() + .seconds(backoff), stale.expiresAt)
                if generation == started { entry = stale }
                return stale.token
            }
        }
        if fetching {
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
        fetching = true
        let started = generation
        let result: Result<(token: String, now: Double), any Error>
        do {
            result = .success(try await fetch())
        } catch {
            result = .failure(error)
        }
        fetching = false
        let pending = waiters
        waiters = []
        switch result {
        case .success(let fetched):
            if generation == started { store(fetched) }
            for waiter in pending { waiter.resume(returning: fetched.token) }
            return fetched.token
        case .failure(let error):
            for waiter in pending { waiter.resume(throwing: error) }
            throw error
        }
    }

    /// Drops the cached token (after UNAUTHENTICATED and a credential refresh).
    package func invalidate() {
        entry = nil
        generation += 1
    }

    private func store(_ fetched: (token: String, now: Double)) {
        let plan = ModalAuthToken.plan(
            expiry: ModalAuthToken.expiry(ofJWT: fetched.token),
            now: fetched.now,
            jitter: Double.random(in: 0..<0.1)
        )
        let now = time.now()
        entry = Entry(
            token: fetched.token,
            refreshAt: now + plan.refreshAfter,
            expiresAt: now + plan.validFor,
            failures: 0
        )
    }
}
