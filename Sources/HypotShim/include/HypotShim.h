#ifndef MODAL_BRIDGE_HYPOT_SHIM_H
#define MODAL_BRIDGE_HYPOT_SHIM_H

// provided.al2023 ships glibc 2.34, but glibc 2.35 introduced new versions of hypot and hypotf, which
// FoundationEssentials and swift-numerics reference. Linking this target into `bootstrap` defines both functions
// in the executable itself, so the static link binds to them and no GLIBC_2.35 symbol is needed.
// (A `.symver` forwarding shim does not work: the versioned reference resolves back to the executable's own
// definition and recurses forever.)

/// Returns 1: lets tests prove the shim object is linked into the image they run.
int modal_bridge_hypot_shim_linked(void);

/// The executable's own hypot / hypotf, callable by name from tests.
double modal_bridge_hypot(double x, double y);
float modal_bridge_hypotf(float x, float y);

#endif
