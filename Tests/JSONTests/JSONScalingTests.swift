import JSON
import TestSupport
import Testing

/// Parsing and writing must be linear in the input for every shape: a 4× larger document may take about 4× as
/// long, never 16× (what a quadratic path gives; `"x\"x\"…"` strings once took 94 s at 6 MB). Times are compared
/// with each other, never with a budget, so a slow or loaded machine does not matter.
@Suite(.serialized) struct JSONScalingTests {
    static let smallSize = 96 * 1024
    /// Linear gives about 4, quadratic about 16; 8 leaves room for noise on either side.
    static let limit = 8.0

    @Test("parsing time grows linearly", arguments: JSONShape.allCases)
    func parsingIsLinear(shape: JSONShape) throws {
        let small = shape.document(byteCount: Self.smallSize)
        let large = shape.document(byteCount: 4 * Self.smallSize)
        _ = try JSONValue(parsing: small)
        _ = try JSONValue(parsing: large)
        let ratio = ScalingProbe.ratio(
            limit: Self.limit,
            small: { _ = try? JSONValue(parsing: small) },
            large: { _ = try? JSONValue(parsing: large) }
        )
        #expect(ratio < Self.limit, "\(shape.rawValue): 4× the input took \(ratio)× as long")
    }

    @Test("writing time grows linearly", arguments: JSONShape.allCases)
    func writingIsLinear(shape: JSONShape) throws {
        let small = try JSONValue(parsing: shape.document(byteCount: Self.smallSize))
        let large = try JSONValue(parsing: shape.document(byteCount: 4 * Self.smallSize))
        #expect(try JSONValue(parsing: large.serialized()) == large)
        let ratio = ScalingProbe.ratio(
            limit: Self.limit,
            small: { _ = small.serialized() },
            large: { _ = large.serialized() }
        )
        #expect(ratio < Self.limit, "\(shape.rawValue): 4× the value took \(ratio)× as long to write")
    }
}
