#ifndef MODAL_BRIDGE_SYSTEM_RANDOM_H
#define MODAL_BRIDGE_SYSTEM_RANDOM_H

#include <stddef.h>

// Swift's SystemRandomNumberGenerator makes one getrandom(2) call per `next()` (8 bytes), and Glibc's Swift module
// does not export getrandom itself. This fills a whole buffer with one call (for up to 256 bytes getrandom never
// returns fewer bytes than asked, but a signal can interrupt it: the loop retries).

/// Fills `count` bytes at `buffer` from the kernel's CSPRNG. Returns 0, or -1 (errno set) when the kernel refused.
int modal_bridge_random_bytes(void *buffer, size_t count);

#endif
