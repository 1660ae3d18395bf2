import JSON
import LambdaEvents
import TestSupport
import Testing

/// Reading an event is linear in its size whatever it holds: many headers or query parameters once made the
/// case-insensitive merge quadratic. Times are compared with each other, never with a budget.
@Suite(.serialized) struct ScalingTests {
    @Test("HTTP events with many headers and parameters decode in linear time", arguments: EventFixtures.httpNames)
    func manyHeaders(name: String) throws {
        let small = try EventFixtures.widened(name, by: 1_000)
        let large = try EventFixtures.widened(name, by: 4_000)
        let event = try InboundEvent(bytes: large)
        #expect(event.kind.rawValue.hasPrefix(name.hasPrefix("alb") ? "alb" : "apigateway"))
        let ratio = ScalingProbe.ratio(
            limit: 8,
            small: { Self.walk(small) },
            large: { Self.walk(large) }
        )
        #expect(ratio < 8, "\(name): 4× the headers took \(ratio)× as long")
    }

    /// Decodes, classifies and reads every header and query parameter.
    private static func walk(_ bytes: [UInt8]) {
        guard let event = try? InboundEvent(bytes: bytes) else { return }
        switch event.classified {
        case .apiGatewayV1(let request):
            _ = request.headers.values("x-extra-1")
            _ = request.queryParameters.values("x-extra-1")
        case .apiGatewayV2(let request), .functionURL(let request):
            _ = request.headers.values("x-extra-1")
            _ = request.queryParameters.values("x-extra-1")
        case .alb(let request):
            _ = request.headers.values("x-extra-1")
            _ = request.queryParameters.values("x-extra-1")
        default:
            break
        }
    }
}
