import EventDispatch
import JSON
import LambdaEvents
import TestSupport
import Testing

@Suite("event mode: the whole event is one call; responses per source")
struct EventModeTests {
    private let remote = DispatchConfiguration(mode: .event, pattern: .remote)

    @Test("calls, exact payload and response shape", arguments: EventFixtures.names)
    func everyFixture(name: String) async throws {
        let expectation = try #require(EventFixtures.expectations[name])
        let bytes = try DispatchTestSupport.fixture(name)
        let kind = try DispatchTestSupport.kind(of: name)
        let result: JSONValue = ["answer": 42, "ratio": 1.5]
        let invoker = RecordingInvoker(always: .result(result))
        let response = try await DispatchTestSupport.run(bytes, configuration: remote, invoker: invoker).get()

        #expect(invoker.payloads.count == expectation.eventCalls)
        if let payload = invoker.payloads.first {
            // The event unchanged: same value, same bytes once serialized (numbers keep their text).
            let original = try JSONValue(parsing: bytes)
            #expect(payload == original)
            #expect(payload.serialized() == original.serialized())
        }
        if kind.isHTTP {
            let multi = try InboundEvent(bytes: bytes).value["multiValueHeaders"]?.objectValue != nil
            ResponseShape.expectHTTP(response, kind: kind, multiValueHeaders: multi)
            #expect(ResponseShape.status(response) == 200)
            if expectation.eventCalls == 1 { #expect(ResponseShape.jsonBody(response) == result) }
        } else if expectation.eventCalls == 0 {
            ResponseShape.expectDropIn(response, ["skipped": "s3:TestEvent"])
        } else {
            ResponseShape.expectDropIn(response, ["result": result])
        }
    }

    @Test("spawn: the call id in the drop-in shape, 202 for HTTP sources", arguments: EventFixtures.names)
    func spawn(name: String) async throws {
        let expectation = try #require(EventFixtures.expectations[name])
        guard expectation.eventCalls == 1 else { return }
        let kind = try DispatchTestSupport.kind(of: name)
        let invoker = RecordingInvoker(always: .spawned(functionCallID: "fc-01J8ZK3QX"))
        let response = try await DispatchTestSupport.run(
            DispatchTestSupport.fixture(name),
            configuration: DispatchConfiguration(mode: .event, pattern: .spawn),
            invoker: invoker
        ).get()
        if kind.isHTTP {
            #expect(ResponseShape.status(response) == 202)
            #expect(ResponseShape.jsonBody(response) == ["function_call_id": "fc-01J8ZK3QX"])
        } else {
            ResponseShape.expectDropIn(response, ["function_call_id": "fc-01J8ZK3QX"])
        }
    }

    @Test(
        "a failed call is an invocation error with the invoker's errorType (non-HTTP)",
        arguments: EventFixtures.names
    )
    func failure(name: String) async throws {
        let expectation = try #require(EventFixtures.expectations[name])
        let kind = try DispatchTestSupport.kind(of: name)
        guard expectation.eventCalls == 1, !kind.isHTTP else { return }
        let invoker = RecordingInvoker(failing: DispatchTestSupport.remoteError)
        let result = await DispatchTestSupport.run(
            try DispatchTestSupport.fixture(name),
            configuration: remote,
            invoker: invoker
        )
        guard case .failure(let error) = result else {
            Issue.record("expected an invocation error")
            return
        }
        #expect(error.code == .invocationFailed)
        #expect(error.errorType == "Modal.RemoteError")
        #expect(error.message == "ValueError: boom")
    }

    @Test("HTTP sources answer 502, or 504 on timeout, without internals", arguments: EventFixtures.names)
    func httpFailure(name: String) async throws {
        let expectation = try #require(EventFixtures.expectations[name])
        let kind = try DispatchTestSupport.kind(of: name)
        guard expectation.eventCalls == 1, kind.isHTTP else { return }
        let multi = try InboundEvent(bytes: DispatchTestSupport.fixture(name)).value["multiValueHeaders"] != nil
        for (failure, status, message) in [
            (DispatchTestSupport.remoteError, Int64(502), "Bad Gateway"),
            (DispatchTestSupport.timeout, Int64(504), "Gateway Timeout"),
        ] {
            for mode in DispatchMode.allCases {
                let response = try await DispatchTestSupport.run(
                    DispatchTestSupport.fixture(name),
                    configuration: DispatchConfiguration(mode: mode),
                    invoker: RecordingInvoker(failing: failure)
                ).get()
                ResponseShape.expectHTTP(response, kind: kind, multiValueHeaders: multi)
                #expect(ResponseShape.status(response) == status)
                #expect(ResponseShape.jsonBody(response) == ["message": .string(message)])
                let text = response.serializedString()
                #expect(!text.contains("boom") && !text.contains("deadline") && !text.contains("Modal."))
            }
        }
    }

    @Test("a mixed SQS batch (test event + message) is forwarded unchanged in event mode")
    func mixedBatchForwardedWhole() async throws {
        let testEvent = try SQSBatchBuilder.testEventBody()
        let bytes = SQSBatchBuilder.batch(bodies: [testEvent, "real work"])
        let invoker = RecordingInvoker()
        _ = try await DispatchTestSupport.run(bytes, configuration: remote, invoker: invoker).get()
        #expect(invoker.payloads == [try JSONValue(parsing: bytes)])
    }

    @Test(
        "a body that is not JSON is Bridge.InvalidEvent in both modes, with no call",
        arguments: EventFixtures.invalidNames
    )
    func invalidBodies(name: String) async throws {
        for mode in DispatchMode.allCases {
            let invoker = RecordingInvoker()
            let result = await DispatchTestSupport.run(
                try EventFixtures.invalidBytes(name),
                configuration: DispatchConfiguration(mode: mode),
                invoker: invoker
            )
            guard case .failure(let error) = result else {
                Issue.record("expected Bridge.InvalidEvent")
                return
            }
            #expect(error.errorType == "Bridge.InvalidEvent")
            #expect(error.code == .invalidEvent)
            #expect(invoker.payloads.isEmpty)
        }
    }
}
