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
package struct ProcessTraceEnvironment: TraceEnvironment {
    package static let variable = "_X_AMZN_TRACE_ID"

    package init() {}

    package func update(_ traceID: String?) {
        if let traceID {
            setenv(Self.variable, traceID, 1)
        } else {
            unsetenv(Self.variable)
        }
    }
}
