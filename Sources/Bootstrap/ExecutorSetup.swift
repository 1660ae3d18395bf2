import GlobalExecutorHook
import LambdaRuntime
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where async code runs. By default NIO's singleton event-loop group, cut to one thread, is Swift concurrency's
/// global executor too: the Runtime API client, the Secrets Manager HTTP client, the gRPC transport and every task
/// share one thread, so a warm invocation does not hop between the concurrency pool and event-loop threads (each
/// hop a futex wake and a context switch; docs/warm-path.md). `MODAL_BRIDGE_EXECUTOR=swift` keeps Swift's own
/// thread pool beside NIO's (the behaviour before); `NIO_SINGLETON_GROUP_LOOP_COUNT` still sets NIO's thread count.
enum ExecutorSetup {
    static let variable = "MODAL_BRIDGE_EXECUTOR"

    /// Must run first in `main`, before anything touches NIO's singletons or starts a task.
    static func install() {
        // Read here, before the configuration exists, because it must act first; the configuration refuses values
        // other than `nio`/`swift` (the same trimming rule applies).
        let choice = getenv(variable).map { String(cString: $0) } ?? ""
        guard Environment([variable: choice])[variable] != "swift" else { return }
        if getenv("NIO_SINGLETON_GROUP_LOOP_COUNT") == nil {
            NIOSingletons.groupLoopCountSuggestion = 1
        }
        // What NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() does, minus
        // its dlsym lookup of the hook (which fails with the static Swift runtime, see GlobalExecutorHook.h).
        _ = modal_bridge_install_global_job_sink { job in
            guard let job else { return }
            // `any()` stays on the current loop when called from one of the group's threads.
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            loop.enqueue(ExecutorJob(unsafeBitCast(job, to: UnownedJob.self)))
        }
    }
}
