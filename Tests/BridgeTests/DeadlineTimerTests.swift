import Bridge
import EventDispatch
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// Record mode's answer-by timer: fires at its instant, never after a cancel, and a cancelled one holds no memory.
@Suite struct DeadlineTimerTests {
    private let loop = MultiThreadedEventLoopGroup.singleton.any()

    @Test func firesNotBeforeItsInstant() async throws {
        let deadline = ContinuousClock.now + .milliseconds(50)
        let firedAt = await withCheckedContinuation {
            (continuation: CheckedContinuation<ContinuousClock.Instant, Never>) in
            _ = DeadlineTimer.eventLoop(loop).schedule(deadline) { continuation.resume(returning: .now) }
        }
        #expect(firedAt >= deadline)
    }

    @Test func aPassedInstantFiresAtOnce() async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            _ = DeadlineTimer.eventLoop(loop).schedule(.now - .seconds(5)) { continuation.resume() }
        }
    }

    @Test func aCancelledTimerNeverFires() async throws {
        let fired = Flag()
        let cancel = DeadlineTimer.eventLoop(loop).schedule(.now + .milliseconds(20)) { fired.set() }
        cancel()
        // A later timer on the same loop fires after the cancelled one's instant would have.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            _ = DeadlineTimer.eventLoop(loop).schedule(.now + .milliseconds(60)) { continuation.resume() }
        }
        #expect(!fired.value)
    }

    /// The reason the bridge does not use `Task.sleep`: a warm record-mode invocation that finishes early cancels
    /// its answer-by timer, and a cancelled sleep stays allocated until its instant (up to the function's timeout).
    /// 5,000 cancelled timers 10 minutes out: the process must not keep them (with ``DeadlineTimer/taskSleep``
    /// anonymous memory grew by 5.8 MB here). Process-wide, so `make test` runs it in the pass with nothing beside it.
    @Test func cancelledTimersHoldNoMemory() async throws {
        let timer = DeadlineTimer.eventLoop(loop)
        func cycle(_ count: Int) async {
            for _ in 0..<count {
                let cancel = timer.schedule(.now + .seconds(600)) {}
                cancel()
            }
            // Let the loop run what the cancels queued.
            try? await loop.submit {}.get()
        }
        await cycle(500)  // warm up allocator and queue storage
        let before = heapInUse()
        await cycle(5_000)
        let grown = heapInUse() - before
        #expect(grown < 1_000_000, "5,000 cancelled timers kept \(grown) bytes")
    }

    @Test func nanosecondsUntilAnInstant() {
        #expect(DeadlineTimer.nanoseconds(until: .now - .seconds(1)) == 0)
        let second = DeadlineTimer.nanoseconds(until: .now + .seconds(1))
        #expect(second > 900_000_000 && second <= 1_000_000_000)
        #expect(
            DeadlineTimer.nanoseconds(until: .now + .seconds(10 * 365 * 24 * 3600)) == 365 * 24 * 3600 * 1_000_000_000
        )
    }

    /// Anonymous resident memory of this process (`RssAnon` in /proc/self/status), in bytes.
    private func heapInUse() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}

private final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}
