// fuzz-events: event classification and dispatch planning on arbitrary bytes. Each input is parsed and classified,
// every typed model and nested layer is read, record mode is planned at several unwrap depths, and the whole
// dispatcher runs (event or record mode, by input length) against an in-memory invoker. Properties: nothing traps;
// classification accepts exactly what the JSON parser accepts; every payload and every response is JSON that
// parses back; HTTP sources always get an HTTP response (never an invocation error); event mode sends the event
// unchanged.
import Dispatch
import JSON
import LambdaEvents
import Logging

@testable import EventDispatch

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzEvents(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let parsed = try? JSONValue(parsing: bytes)
    guard let event = try? InboundEvent(bytes: bytes) else {
        require(parsed == nil, "JSON the event reader refused")
        return 0
    }
    require(parsed == event.value, "the event reader parsed differently")
    readModels(event.classified)
    for depth in [0, 1, 3] {
        let groups = RecordPlanner(unwrapDepth: depth, testEventDepth: max(1, depth)).groups(for: event.classified)
        for group in groups {
            for payload in group.payloads {
                require((try? JSONValue(parsing: payload.serialized())) == payload, "payload does not round-trip")
            }
        }
    }
    let isHTTP = [.apiGatewayV1, .apiGatewayV2, .functionURL, .alb].contains(event.kind)
    // One mode per input (chosen by its length) keeps the run fast; the corpus meets both.
    for mode in [DispatchMode.allCases[bytes.count % DispatchMode.allCases.count]] {
        let invoker = ScriptedInvoker()
        let dispatcher = Dispatcher(
            configuration: DispatchConfiguration(mode: mode, concurrency: 4, maxUnwrapDepth: 2),
            invoker: invoker
        )
        let result = runBlocking { () async -> DispatchResult in
            do throws(DispatchError) {
                return .response(try await dispatcher.handle(event: bytes, logger: silent))
            } catch {
                return .failed("\(error.errorType): \(error.message)")
            }
        }
        switch result {
        case .response(let response):
            let value = try? JSONValue(parsing: response)
            require(value != nil, "the response is not JSON")
            if isHTTP { require(value?["statusCode"]?.numberValue != nil, "an HTTP response without statusCode") }
        case .failed(let error):
            require(!isHTTP, "an HTTP event ended in an invocation error: \(error)")
        }
        if mode == .event, !isHTTP, let first = invoker.payloads.first {
            require(invoker.payloads.count == 1 && first == event.value, "event mode did not send the event as is")
        }
    }
    return 0
}

private enum DispatchResult: Sendable {
    case response([UInt8])
    case failed(String)
}

private let silent = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

/// Reads every typed model and nested layer the way the bridge and its logs do.
private func readModels(_ classified: ClassifiedEvent) {
    switch classified {
    case .sqs(let batch):
        _ = batch.isFIFO
        for record in batch.records { _ = (record.malformation, record.messageGroupId, record.content(maxDepth: 3)) }
    case .sns(let event):
        for record in event.records { _ = record.message?.content(maxDepth: 3) }
    case .s3(let notification):
        for record in notification.records { _ = (record.key?.decoded, record.sizeInBytes) }
    case .apiGatewayV1(let request):
        _ = (request.headers.values("cookie"), request.queryParameters.values("a"))
    case .apiGatewayV2(let request), .functionURL(let request):
        _ = (request.queryParameters, request.headers.first("content-type"), request.isFunctionURL)
    case .alb(let request):
        _ = (request.queryParameters, request.isHealthCheck)
    case .kinesis(let event):
        _ = event.records.count
    case .dynamodbStream(let event):
        _ = event.records.count
    case .s3EventBridge, .scheduledEvent, .schedulerEvent, .eventBridge, .s3TestEvent, .unknown:
        break
    }
}

/// Answers from the payload's size, so one input meets every kind of outcome: a result (the payload itself), a
/// spawned call, bytes, or a failure.
private final class ScriptedInvoker: Invoker, @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var recorded: [JSONValue] = []

    var payloads: [JSONValue] {
        lock.wait()
        defer { lock.signal() }
        return recorded
    }

    func invoke(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome {
        lock.wait()
        recorded.append(payload)
        lock.signal()
        switch payload.serialized().count % 5 {
        case 0: return .result(payload)
        case 1: return .spawned(functionCallID: "fc-fuzz")
        case 2: return .bytes([0, 1, 0xFF])
        case 3: throw InvocationFailure(errorType: "Modal.Timeout", message: "fuzz", isTimeout: true)
        default: throw InvocationFailure(errorType: "Modal.RemoteError", message: "fuzz")
        }
    }
}

/// Runs async work to completion from libFuzzer's synchronous callback.
private func runBlocking(_ work: @escaping @Sendable () async -> DispatchResult) -> DispatchResult {
    final class Slot: @unchecked Sendable { var value: DispatchResult? }
    let slot = Slot()
    let done = DispatchSemaphore(value: 0)
    Task {
        slot.value = await work()
        done.signal()
    }
    done.wait()
    guard let value = slot.value else { fatalError("async work ended without a value") }
    return value
}
