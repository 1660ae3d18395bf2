import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("Malformed input is rejected as Bridge.InvalidEvent and nothing crashes on any input")
struct MalformedInputTests {
    @Test("bodies in events/invalid/ are not JSON", arguments: EventFixtures.invalidNames)
    func invalid(name: String) throws {
        let bytes = try EventFixtures.invalidBytes(name)
        #expect {
            _ = try InboundEvent(bytes: bytes)
        } throws: { error in
            guard let error = error as? LambdaEventsError else { return false }
            return error.code == .invalidJSON && error.errorType == "Bridge.InvalidEvent"
        }
    }

    @Test("truncated fixtures either fail as InvalidEvent or classify", arguments: EventFixtures.names)
    func truncated(name: String) throws {
        let bytes = try EventFixtures.bytes(name)
        let step = max(1, bytes.count / 64)
        for end in stride(from: 0, to: bytes.count, by: step) {
            exercise(Array(bytes[0..<end]))
        }
    }

    @Test("mutated fixtures never crash", arguments: EventFixtures.names)
    func mutated(name: String) throws {
        let bytes = try EventFixtures.bytes(name)
        var generator = SeededGenerator(
            seed: name.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        )
        let interesting = Array(#"{}[]",:"\+%0-.eE"#.utf8) + [0x00, 0xFF, 0xC3, 0x80]
        for _ in 0..<60 {
            var copy = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !copy.isEmpty {
                let index = Int.random(in: 0..<copy.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: copy[index] = interesting.randomElement(using: &generator) ?? 0
                case 1: copy.remove(at: index)
                default: copy.insert(interesting.randomElement(using: &generator) ?? 0, at: index)
                }
            }
            exercise(copy)
        }
    }

    @Test("random bytes never crash")
    func randomBytes() {
        var generator = SeededGenerator(seed: 0x5EED)
        for length in 0..<300 {
            exercise((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
    }

    /// Parses, classifies and walks every model and nested layer; must never trap.
    private func exercise(_ bytes: [UInt8]) {
        guard let event = try? InboundEvent(bytes: bytes) else { return }
        switch event.classified {
        case .sqs(let batch):
            for record in batch.records {
                _ = record.malformation
                _ = record.content(maxDepth: 3).isS3TestEvent
            }
        case .sns(let sns):
            for record in sns.records { _ = record.message?.content(maxDepth: 3) }
        case .s3(let notification):
            for record in notification.records { _ = (record.key?.decoded, record.sizeInBytes) }
        case .apiGatewayV2(let request), .functionURL(let request):
            _ = request.queryParameters
        case .alb(let request):
            _ = (request.queryParameters, request.isHealthCheck)
        default:
            break
        }
    }
}
