#include "GlobalExecutorHook.h"

#include <stddef.h>

// The runtime's declarations (swift/Runtime/Concurrency.h): both functions use the Swift calling convention.
typedef __attribute__((swiftcall)) void (*enqueue_global_original)(void *job);
typedef __attribute__((swiftcall)) void (*enqueue_global_hook)(void *job, enqueue_global_original original);
extern enqueue_global_hook swift_task_enqueueGlobal_hook;

static modal_bridge_job_sink installed_sink;

static __attribute__((swiftcall)) void enqueue_on_sink(void *job, enqueue_global_original original) {
    (void)original;
    installed_sink(job);
}

int modal_bridge_install_global_job_sink(modal_bridge_job_sink sink) {
    if (swift_task_enqueueGlobal_hook != NULL) {
        return -1;
    }
    installed_sink = sink;
    swift_task_enqueueGlobal_hook = enqueue_on_sink;
    return 0;
}
