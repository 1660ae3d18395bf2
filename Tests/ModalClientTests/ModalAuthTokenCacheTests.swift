import Primitives
import Synchronization
import TestSupport
import Testing

@testable import ModalClient

/// The auth-token cache reads its refresh points on the injected clock, so its schedule can be tested without
/// waiting: a token that expires in an hour is reused until about half of that (plus < 10 % jitter) has passed.
@Suite struct ModalAuthTokenCacheTests {
    static let fetchedAt: Int64 = 1_730_566_291

    /// A JWT whose payload is `{"exp": fetchedAt + 3600, "n": n}` (base64url, unpadded; the signature is not read).
    static func jwt(_ n: Int) -> String {
        let standard = Base64.encode(Array("{\"exp\":\(fetchedAt + 3_600),\"n\":\(n)}".utf8))
        let payload = standard.compactMap { (character: Character) -> Character? in
            character == "=" ? nil : character == "+" ? "-" : character == "/" ? "_" : character
        }
        return "e30." + String(payload) + ".sig"
    }

    @Test func refreshFollowsTheInjectedClock() async throws {
        let clock = ManualTime(epochMicroseconds: Self.fetchedAt * 1_000_000)
        let cache = ModalAuthTokenCache(time: clock.source)
        let fetches = Mutex(0)
        let fetch: @Sendable () async throws -> (token: String, now: Double) = {
            let count = fetches.withLock {
                $0 += 1
                return $0
            }
            return (Self.jwt(count), clock.source.epochSecondsWithFraction())
        }
        #expect(try await cache.token(fetch: fetch) == Self.jwt(1))
        clock.advance(.seconds(1_790))  // before half the lifetime (1,800 s)
        #expect(try await cache.token(fetch: fetch) == Self.jwt(1))
        #expect(fetches.withLock { $0 } == 1)
        clock.advance(.seconds(400))  // past 60 % of it (2,160 s), still before the expiry
        #expect(try await cache.token(fetch: fetch) == Self.jwt(2))
        #expect(fetches.withLock { $0 } == 2)
    }
}
