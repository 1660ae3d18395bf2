import EventDispatch
import JSON
import TestSupport
import Testing

@Suite("Nothing crashes on any input: random, mutated and truncated events in both modes")
struct RobustnessTests {
    /// Dispatches `bytes` in both modes with an invoker that alternates outcomes; a response must be JSON and an
    /// error must carry a `Category.Reason` error type.
    private func exercise(_ bytes: [UInt8]) async {
        for mode in DispatchMode.allCases {
            let invoker = RecordingInvoker { payload in
                switch payload.serialized().count % 4 {
                case 0: return .failure(DispatchTestSupport.remoteError)
                case 1: return .success(.spawned(functionCallID: "fc-x"))
                case 2: return .success(.result(["statusCode": "nope", "body": [1]]))
                default: return .success(.bytes([1, 2, 3]))
                }
            }
            let result = await DispatchTestSupport.run(
                bytes,
                configuration: DispatchConfiguration(mode: mode, concurrency: 3),
                invoker: invoker
            )
            if case .failure(let error) = result {
                let parts = error.errorType.split(separator: ".")
                #expect(parts.count >= 2, "errorType \(error.errorType)")
            }
        }
    }

    @Test("truncated fixtures", arguments: EventFixtures.names)
    func truncated(name: String) async throws {
        let bytes = try EventFixtures.bytes(name)
        let step = max(1, bytes.count / 24)
        for end in stride(from: 0, to: bytes.count, by: step) { await exercise(Array(bytes[0..<end])) }
    }

    @Test("mutated fixtures", arguments: EventFixtures.names)
    func mutated(name: String) async throws {
        let bytes = try EventFixtures.bytes(name)
        var generator = SeededGenerator(seed: name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        let interesting = Array(#"{}[]",:"\+%0-.eE "#.utf8) + [0x00, 0xFF, 0xC3]
        for _ in 0..<24 {
            var copy = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !copy.isEmpty {
                let index = Int.random(in: 0..<copy.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: copy[index] = interesting.randomElement(using: &generator) ?? 0
                case 1: copy.remove(at: index)
                default: copy.insert(interesting.randomElement(using: &generator) ?? 0, at: index)
                }
            }
            await exercise(copy)
        }
    }

    @Test("random bytes and random JSON-ish text")
    func random() async {
        var generator = SeededGenerator(seed: 0xD15_9A7C4)
        let alphabet = Array(#"{}[]",:"Records eventSource aws:sqs aws:s3 body Message 0123456789.-eE\ntrue null"#.utf8)
        for length in stride(from: 0, to: 400, by: 5) {
            await exercise((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            await exercise((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 })
        }
    }

    @Test("fields of the wrong type everywhere are tolerated")
    func wrongTypes() async throws {
        let events = [
            #"{"Records":[{"eventSource":"aws:s3","s3":{"bucket":7,"object":{"key":[1],"size":"big"}}}]}"#,
            #"{"Records":[{"eventSource":"aws:sqs","messageId":1,"body":{"x":1},"attributes":[]}]}"#,
            #"{"Records":[{"eventSource":"aws:sqs","messageId":"a","body":"{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":null}]}"}]}"#,
            #"{"Records":[{"EventSource":"aws:sns","Sns":"not an object"}]}"#,
            #"{"Records":[{"EventSource":"aws:sns","Sns":{"Message":null}}]}"#,
            #"{"version":"2.0","rawQueryString":7,"cookies":"c","headers":[],"requestContext":{"http":1}}"#,
            #"{"version":"2.0","rawQueryString":"%%%&&=&=x&%E0%A4","requestContext":{"http":{}}}"#,
            #"{"httpMethod":7,"resource":null,"requestContext":{"elb":{"targetGroupArn":5}},"multiValueHeaders":{"user-agent":7}}"#,
            #"{"httpMethod":"GET","resource":"/","requestContext":{"identity":null},"headers":null,"multiValueHeaders":{"a":[null,1,true]}}"#,
            #"{"source":"aws.s3","detail-type":"Object Created","detail":"[1,2"}"#,
            #"{"source":"aws.scheduler","detail-type":"x","detail":"\"\\ud800\""}"#,
        ]
        for event in events { await exercise(Array(event.utf8)) }
    }
}
