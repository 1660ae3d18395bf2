import JSON
import NIOCore
import Synchronization

/// A response the server writes.
struct ServerResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var chunked = false
    /// Send half the body and close the connection (a `/next` cut mid-way).
    var cutBody = false

    static func json(_ status: Int, _ value: JSONValue) -> ServerResponse {
        ServerResponse(status: status, headers: [("Content-Type", "application/json")], body: value.serialized())
    }

    /// The Runtime API's own error body.
    static func apiError(_ status: Int, _ errorType: String, _ message: String) -> ServerResponse {
        json(status, ["errorType": .string(errorType), "errorMessage": .string(message)])
    }
}

/// The Runtime API's state machine, shared by all connections.
final class RuntimeAPIServerState: Sendable {
    private struct State {
        var behavior = RuntimeAPIServerBehavior()
        var queue: [QueuedInvocation] = []
        /// `/next` calls waiting for an event, with the connection each came on.
        var parkedNext: [(connection: ObjectIdentifier, promise: EventLoopPromise<ServerResponse>)] = []
        var inFlight: Set<String> = []
        var results: [String: InvocationResult] = [:]
        var resultWaiters: [String: [CheckedContinuation<InvocationResult, Never>]] = [:]
        var initFinished = false
        var requests: [RecordedRequest] = []
        var nextRequestNumber = 0
        var abandonedReason: String?
        var deadlines: [String: Int64] = [:]
    }

    private let state = Mutex(State())

    var behavior: RuntimeAPIServerBehavior {
        get { state.withLock { $0.behavior } }
        set { state.withLock { $0.behavior = newValue } }
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    func deadline(for requestID: String) -> Int64? { state.withLock { $0.deadlines[requestID] } }

    func enqueue(_ event: [UInt8], requestID: String?) -> String {
        let (id, delivery) = state.withLock { state -> (String, (EventLoopPromise<ServerResponse>, ServerResponse)?) in
            state.nextRequestNumber += 1
            let id = requestID ?? Self.makeRequestID(state.nextRequestNumber)
            let invocation = QueuedInvocation(requestID: id, event: event)
            if !state.behavior.freezeNext, !state.parkedNext.isEmpty {
                let promise = state.parkedNext.removeFirst().promise
                return (id, (promise, Self.deliver(invocation, state: &state)))
            }
            state.queue.append(invocation)
            return (id, nil)
        }
        if let (promise, response) = delivery { promise.succeed(response) }
        return id
    }

    func result(for requestID: String) async -> InvocationResult {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> InvocationResult? in
                if let result = state.results[requestID] { return result }
                if let reason = state.abandonedReason { return .abandoned(reason) }
                state.resultWaiters[requestID, default: []].append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Ends every invocation still waiting (the runtime process is gone).
    func abandonAll(_ reason: String) {
        let waiters = state.withLock { state -> [(CheckedContinuation<InvocationResult, Never>, InvocationResult)] in
            state.abandonedReason = reason
            var resumed: [(CheckedContinuation<InvocationResult, Never>, InvocationResult)] = []
            for (id, continuations) in state.resultWaiters {
                let result = InvocationResult.abandoned(reason)
                state.results[id] = result
                resumed += continuations.map { ($0, result) }
            }
            state.resultWaiters = [:]
            return resumed
        }
        for (continuation, result) in waiters { continuation.resume(returning: result) }
    }

    /// Handles one complete request; parked `/next` calls complete later.
    func handle(
        _ request: RecordedRequest,
        eventLoop: any EventLoop,
        connection: ObjectIdentifier
    ) -> EventLoopFuture<ServerResponse> {
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        state.withLock { $0.requests.append(request) }
        let route = Route(method: request.method, parts: parts)
        if let scripted = scriptedStatus(for: route) {
            return eventLoop.makeSucceededFuture(
                .apiError(scripted, Self.apiErrorType(scripted), "scripted answer \(scripted)")
            )
        }
        switch route {
        case .next:
            return next(eventLoop: eventLoop, connection: connection)
        case .response(let id):
            return eventLoop.makeSucceededFuture(finish(id, with: request, isError: false))
        case .error(let id):
            return eventLoop.makeSucceededFuture(finish(id, with: request, isError: true))
        case .initError:
            let finished = state.withLock { $0.initFinished }
            if finished {
                return eventLoop.makeSucceededFuture(
                    .apiError(403, "InvalidStateTransition", "init error reported after init finished")
                )
            }
            return eventLoop.makeSucceededFuture(.json(202, ["status": "OK"]))
        case .extensionRegister:
            let finished = state.withLock { $0.initFinished }
            if finished {
                return eventLoop.makeSucceededFuture(.apiError(403, "Extension.InvalidState", "registration closed"))
            }
            var response = ServerResponse.json(
                200,
                ["functionName": "modal-bridge-local", "functionVersion": "$LATEST", "handler": "bootstrap"]
            )
            let name = request.header("Lambda-Extension-Name") ?? "unnamed"
            response.headers.append(("Lambda-Extension-Identifier", "ext-\(name)"))
            return eventLoop.makeSucceededFuture(response)
        case .extensionNext:
            return eventLoop.makePromise(of: ServerResponse.self).futureResult  // never answered: no events subscribed
        case .unknown:
            return eventLoop.makeSucceededFuture(
                .apiError(404, "NotFound", "no such Runtime API path: \(request.method) \(path)")
            )
        }
    }

    /// The paths of the Runtime API (2018-06-01) and the Extensions API (2020-01-01).
    private enum Route {
        case next
        case response(String)
        case error(String)
        case initError
        case extensionRegister
        case extensionNext
        case unknown

        init(method: String, parts: [String]) {
            switch (method, parts.count) {
            case ("GET", 4) where parts == ["2018-06-01", "runtime", "invocation", "next"]:
                self = .next
            case ("POST", 5) where parts[0..<3] == ["2018-06-01", "runtime", "invocation"] && parts[4] == "response":
                self = .response(parts[3])
            case ("POST", 5) where parts[0..<3] == ["2018-06-01", "runtime", "invocation"] && parts[4] == "error":
                self = .error(parts[3])
            case ("POST", 4) where parts == ["2018-06-01", "runtime", "init", "error"]:
                self = .initError
            case ("POST", 3) where parts == ["2020-01-01", "extension", "register"]:
                self = .extensionRegister
            case ("GET", 4) where parts == ["2020-01-01", "extension", "event", "next"]:
                self = .extensionNext
            default:
                self = .unknown
            }
        }
    }

    /// A connection closed: its parked `/next` calls can never be answered, so they no longer take events.
    func connectionClosed(_ connection: ObjectIdentifier) {
        let dropped = state.withLock { state in
            let dropped = state.parkedNext.filter { $0.connection == connection }.map(\.promise)
            state.parkedNext.removeAll { $0.connection == connection }
            return dropped
        }
        for promise in dropped { promise.fail(ChannelError.ioOnClosedChannel) }
    }

    private func next(eventLoop: any EventLoop, connection: ObjectIdentifier) -> EventLoopFuture<ServerResponse> {
        state.withLock { state in
            state.initFinished = true
            if state.behavior.failNextWith500 > 0 {
                state.behavior.failNextWith500 -= 1
                return eventLoop.makeSucceededFuture(.apiError(500, "Runtime.Unknown", "simulated container error"))
            }
            if state.behavior.failNextWith403 > 0 {
                state.behavior.failNextWith403 -= 1
                return eventLoop.makeSucceededFuture(.apiError(403, "InvalidStateTransition", "simulated state error"))
            }
            if !state.behavior.freezeNext, !state.queue.isEmpty {
                let invocation = state.queue.removeFirst()
                return eventLoop.makeSucceededFuture(Self.deliver(invocation, state: &state))
            }
            let promise = eventLoop.makePromise(of: ServerResponse.self)
            state.parkedNext.append((connection, promise))
            return promise.futureResult
        }
    }

    private func finish(_ requestID: String, with request: RecordedRequest, isError: Bool) -> ServerResponse {
        let (response, waiters, result) = state.withLock {
            state -> (ServerResponse, [CheckedContinuation<InvocationResult, Never>], InvocationResult?) in
            guard state.inFlight.contains(requestID) else {
                return (.apiError(400, "InvalidRequestID", "Invalid request ID: \(requestID)"), [], nil)
            }
            let result: InvocationResult
            let response: ServerResponse
            if !isError, request.body.count > state.behavior.maximumResponseBytes {
                let limit = state.behavior.maximumResponseBytes
                let message = "Exceeded maximum allowed payload size (\(limit) bytes)."
                response = .apiError(413, "RequestEntityTooLarge", message)
                let body: JSONValue = ["errorType": "Function.ResponseSizeTooLarge", "errorMessage": .string(message)]
                result = .error(body: body.serialized(), errorType: "Function.ResponseSizeTooLarge")
            } else {
                response = .json(202, ["status": "OK"])
                result =
                    isError
                    ? .error(body: request.body, errorType: request.header("Lambda-Runtime-Function-Error-Type"))
                    : .response(request.body)
            }
            state.inFlight.remove(requestID)
            state.results[requestID] = result
            let waiters = state.resultWaiters.removeValue(forKey: requestID) ?? []
            return (response, waiters, result)
        }
        if let result { for waiter in waiters { waiter.resume(returning: result) } }
        return response
    }

    /// The `/next` answer for `invocation`: in flight from now on, or, when a cut is scripted, back at the front
    /// of the queue behind a body that stops half-way.
    private static func deliver(_ invocation: QueuedInvocation, state: inout State) -> ServerResponse {
        var response = nextResponse(invocation, behavior: state.behavior)
        if state.behavior.cutNextBodies > 0 {
            state.behavior.cutNextBodies -= 1
            state.queue.insert(invocation, at: 0)
            response.cutBody = true
            response.chunked = false
            return response
        }
        state.inFlight.insert(invocation.requestID)
        if let deadline = response.headers.first(where: { $0.0 == "Lambda-Runtime-Deadline-Ms" }).flatMap({
            Int64($0.1)
        }) {
            state.deadlines[invocation.requestID] = deadline
        }
        return response
    }

    /// The next scripted status for `route`, consumed.
    private func scriptedStatus(for route: Route) -> Int? {
        let key: RuntimeAPIRoute
        switch route {
        case .next: key = .next
        case .response: key = .response
        case .error: key = .error
        case .initError: key = .initError
        default: return nil
        }
        return state.withLock { state in
            guard var statuses = state.behavior.scriptedStatuses[key], !statuses.isEmpty else { return nil }
            let status = statuses.removeFirst()
            state.behavior.scriptedStatuses[key] = statuses
            if key == .next { state.initFinished = true }
            return status
        }
    }

    /// The Runtime API's `errorType` for a status (RIE's names).
    private static func apiErrorType(_ status: Int) -> String {
        switch status {
        case 400: "InvalidRequestID"
        case 403: "InvalidStateTransition"
        case 413: "RequestEntityTooLarge"
        case 500...599: "Runtime.Unknown"
        default: "Unexpected"
        }
    }

    private static func nextResponse(
        _ invocation: QueuedInvocation,
        behavior: RuntimeAPIServerBehavior
    ) -> ServerResponse {
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", invocation.requestID),
            ("Lambda-Runtime-Deadline-Ms", String(epochMilliseconds() + behavior.timeoutMilliseconds)),
            ("Lambda-Runtime-Invoked-Function-Arn", behavior.invokedFunctionARN),
        ]
        if let traceID = behavior.traceID { headers.append(("Lambda-Runtime-Trace-Id", traceID)) }
        if let clientContext = behavior.clientContext {
            headers.append(("Lambda-Runtime-Client-Context", clientContext))
        }
        if let cognito = behavior.cognitoIdentity { headers.append(("Lambda-Runtime-Cognito-Identity", cognito)) }
        if let tenantID = behavior.tenantID { headers.append(("Lambda-Runtime-Aws-Tenant-Id", tenantID)) }
        let omitted = Set(behavior.omittedHeaders.map { $0.lowercased() })
        headers.removeAll { omitted.contains($0.0.lowercased()) }
        for (name, value) in behavior.headerOverrides {
            headers.removeAll { $0.0.lowercased() == name.lowercased() }
            headers.append((name, value))
        }
        return ServerResponse(status: 200, headers: headers, body: invocation.event, chunked: behavior.chunkedNext)
    }

    private static func makeRequestID(_ number: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16) }
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - text.count)) + text.suffix(width)
        }
        return pad(random[0], 8) + "-" + pad(random[1], 4) + "-4" + pad(random[1], 3) + "-a" + pad(random[2], 3) + "-"
            + pad(random[3], 8) + pad(String(number, radix: 16), 4)
    }
}
