import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sets `_X_AMZN_TRACE_ID` for each invocation and clears it when an invocation has no trace header, as custom
/// runtimes must (Lambda does not set it for `provided.*`). X-Ray SDKs and subprocesses read it.
///
/// Only the run loop calls ``update(_:)``, between invocations, before any handler work starts; nothing in this
/// process reads the variable concurrently with that write (the handler sees the trace id in its context).
package protocol TraceEnvironment: Sendable {
    func update(_ traceID: String?)
}

/// The real process environment.
///
/// Not `setenv`: glibc's `setenv` keeps every distinct value it was ever given (it cannot know whether an old
/// `NAME=value` string is still referenced), and a trace id is new on every invocation, so a warm runtime leaked
/// ~110 bytes per invocation (found by `make soak`). The entry is written with `putenv` from a string this type
/// owns; once `putenv` has replaced it in `environ`, the previous string is freed.
package struct ProcessTraceEnvironment: TraceEnvironment {
    package static let variable = "_X_AMZN_TRACE_ID"

    /// The `NAME=value` string `environ` currently points at, if this type put it there.
    private static let entry = Mutex<OwnedCString?>(nil)

    package init() {}

    package func update(_ traceID: String?) {
        Self.entry.withLock { current in
            let previous = current
            if let traceID, let line = strdup("\(Self.variable)=\(traceID)") {
                putenv(line)
                current = OwnedCString(pointer: line)
            } else {
                unsetenv(Self.variable)
                current = nil
            }
            if let previous { free(previous.pointer) }
        }
    }

    private struct OwnedCString: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<CChar>
    }
}
