// Target HypotShim (C): `hypot` and `hypotf` defined in the executable, so a static build binds to them instead of
// glibc 2.35's versioned symbols, which provided.al2023 (glibc 2.34) lacks. May include: libm only.
// See docs/runtime.md ("Packaging for provided.al2023").

#include "HypotShim.h"

#include <math.h>

// Both functions follow C99 Annex F: an infinite argument gives +Inf even when the other one is NaN,
// otherwise a NaN argument gives NaN. The sum of squares is computed in a wider type, which cannot overflow
// or lose precision for the narrower inputs on x86_64 and aarch64 (long double has at least double's range
// on aarch64 as binary128, and the 80-bit extended format on x86_64 has 15 exponent bits).

double hypot(double x, double y) {
    if (isinf(x) || isinf(y)) {
        return INFINITY;
    }
    if (isnan(x) || isnan(y)) {
        return NAN;
    }
    long double lx = (long double)x;
    long double ly = (long double)y;
    return (double)sqrtl(lx * lx + ly * ly);
}

float hypotf(float x, float y) {
    if (isinf(x) || isinf(y)) {
        return INFINITY;
    }
    if (isnan(x) || isnan(y)) {
        return NAN;
    }
    double dx = (double)x;
    double dy = (double)y;
    return (float)sqrt(dx * dx + dy * dy);
}

int modal_bridge_hypot_shim_linked(void) { return 1; }

double modal_bridge_hypot(double x, double y) { return hypot(x, y); }

float modal_bridge_hypotf(float x, float y) { return hypotf(x, y); }
