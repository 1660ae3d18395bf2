package import EventDispatch
package import NIOCore

extension DeadlineTimer {
    /// A timer scheduled on `eventLoop`: cancelling it removes it from the loop's queue and frees it at once (a
    /// cancelled `Task.sleep` stays allocated until its instant). Record mode's answer-by deadline runs here.
    package static func eventLoop(_ eventLoop: any EventLoop) -> DeadlineTimer {
        DeadlineTimer { deadline, action in
            let scheduled = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds(until: deadline))) { action() }
            return { scheduled.cancel() }
        }
    }

    /// Whole nanoseconds from now until `deadline`: 0 when it passed, clamped where a year would overflow nothing.
    package static func nanoseconds(until deadline: ContinuousClock.Instant) -> Int64 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        guard seconds < 365 * 24 * 3600 else { return 365 * 24 * 3600 * 1_000_000_000 }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
