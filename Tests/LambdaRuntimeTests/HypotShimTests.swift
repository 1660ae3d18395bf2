import HypotShim
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The shim must be linked and correct when called (a forwarding `.symver` shim looks fine in objdump and
/// recurses forever at run time).
@Suite struct HypotShimTests {
    @Test func linked() {
        #expect(modal_bridge_hypot_shim_linked() == 1)
    }

    @Test(arguments: [
        (3.0, 4.0, 5.0),
        (0.0, 0.0, 0.0),
        (-3.0, 4.0, 5.0),
        (1e300, 1e300, 1.4142135623730951e300),
        (Double.leastNonzeroMagnitude, 0.0, Double.leastNonzeroMagnitude),
        (1.7976931348623157e308, 1.0, 1.7976931348623157e308),
    ])
    func hypotValues(x: Double, y: Double, expected: Double) {
        #expect(modal_bridge_hypot(x, y) == expected)
        #expect(hypot(x, y) == expected)
    }

    @Test func tinyValuesDoNotUnderflow() {
        let result = modal_bridge_hypot(1e-300, 1e-300)
        #expect(abs(result - 1.4142135623730951e-300) <= 2 * result.ulp)
    }

    @Test func hypotSpecialValues() {
        #expect(modal_bridge_hypot(.infinity, .nan) == .infinity)
        #expect(modal_bridge_hypot(.nan, -.infinity) == .infinity)
        #expect(modal_bridge_hypot(.nan, 1).isNaN)
        #expect(modal_bridge_hypotf(.infinity, .nan) == .infinity)
        #expect(modal_bridge_hypotf(.nan, 1).isNaN)
    }

    @Test func hypotfValues() {
        #expect(modal_bridge_hypotf(3, 4) == 5)
        #expect(modal_bridge_hypotf(3e38, 3e38) == Float(4.2426406e38))
        #expect(modal_bridge_hypotf(.leastNonzeroMagnitude, 0) == .leastNonzeroMagnitude)
    }

    @Test func agreesWithTheDefinitionOnManyValues() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let x = Double.random(in: -1e6...1e6, using: &generator)
            let y = Double.random(in: -1e6...1e6, using: &generator)
            let reference = (x * x + y * y).squareRoot()
            #expect(abs(modal_bridge_hypot(x, y) - reference) <= reference * 4e-16)
        }
    }
}
