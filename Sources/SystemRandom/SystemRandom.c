#include "SystemRandom.h"

#include <errno.h>
#include <sys/random.h>

int modal_bridge_random_bytes(void *buffer, size_t count) {
    size_t filled = 0;
    while (filled < count) {
        ssize_t result = getrandom((char *)buffer + filled, count - filled, 0);
        if (result > 0) {
            filled += (size_t)result;
        } else if (result < 0 && errno != EINTR) {
            return -1;
        }
    }
    return 0;
}
