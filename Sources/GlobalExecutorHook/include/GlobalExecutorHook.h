#ifndef MODAL_BRIDGE_GLOBAL_EXECUTOR_HOOK_H
#define MODAL_BRIDGE_GLOBAL_EXECUTOR_HOOK_H

// Swift concurrency hands every job for its global executor to `swift_task_enqueueGlobal_hook` when that is set.
// SwiftNIO sets it (NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor) after
// finding it with dlsym, which fails in a binary linked with the static Swift runtime: the runtime's symbols are
// linked with `--exclude-libs ALL` and are local there. Code linked into the same binary can still set it.

/// Receives each job Swift concurrency would give its global executor (an opaque `Job *`).
typedef void (*modal_bridge_job_sink)(void *job);

/// Sends every global-executor job to `sink` from now on. Returns 0, or -1 when another hook is set already (then
/// nothing changes). Call once, before any task starts.
int modal_bridge_install_global_job_sink(modal_bridge_job_sink sink);

#endif
