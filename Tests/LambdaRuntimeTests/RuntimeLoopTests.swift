import JSON
import LambdaRuntime
import Logging
import NIOPosix
import RuntimeAPI
import RuntimeAPIServer
import Synchronization
import Testing

/// Records what the loop sets `_X_AMZN_TRACE_ID` to, instead of touching the process environment.
final class RecordingTraceEnvironment: TraceEnvironment {
    let values = Mutex<[String?]>([])
    func update(_ traceID: String?) { values.withLock { $0.append(traceID) } }
}

struct ScriptedHandler: LambdaHandler {
    struct Failure: LambdaDiagnosable {
        var errorType: String { "Test.Failure" }
        var errorMessage: String { "scripted failure" }
    }

    struct Opaque: Error {}

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        switch String(decoding: event, as: UTF8.self) {
        case "\"fail\"": throw Failure()
        case "\"opaque\"": throw Opaque()
        case "\"huge\"": return [UInt8](repeating: UInt8(ascii: "a"), count: 6_291_557)
        case "\"budget\"":
            // What the budget keeps back, and whether its limit lies before the deadline and ahead of now.
            let kept = Int(((context.deadline - context.budget.limit) / .milliseconds(1)).rounded())
            let ordered = context.budget.limit < context.deadline && context.budget.remaining > .zero
            return Array("\(kept) \(ordered)".utf8)
        case "\"remaining\"":
            let milliseconds = context.remainingTime.components.seconds * 1000
            return Array("\(milliseconds)".utf8)
        default:
            context.logger.info("handled")
            return event
        }
    }
}

@Suite struct RuntimeLoopTests {
    private func run(
        events: [String],
        behavior: RuntimeAPIServerBehavior = RuntimeAPIServerBehavior(),
        maximumInvocations: Int? = nil,
        trace: RecordingTraceEnvironment = RecordingTraceEnvironment(),
        sink: MemorySink = MemorySink()
    ) async throws -> (RuntimeLoopExit, [InvocationResult], RuntimeAPIServer) {
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        let client = RuntimeAPIClient(
            endpoint: try RuntimeAPIEndpoint(server.address),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        let logger = Logger(label: "test") {
            LambdaLogHandler(label: $0, configuration: LoggingConfiguration(format: .json, level: .debug), sink: sink)
        }
        let ids = events.map { server.enqueue(Array($0.utf8)) }
        let loop = RuntimeLoop(
            client: client,
            handler: ScriptedHandler(),
            logger: logger,
            traceEnvironment: trace,
            maximumInvocations: maximumInvocations ?? events.count
        )
        let exit = await loop.run()
        server.abandonAll("loop ended")
        var results: [InvocationResult] = []
        for id in ids { results.append(await server.result(for: id)) }
        await client.close()
        await server.shutdown()
        return (exit, results, server)
    }

    @Test func happyPathAndErrorsContinue() async throws {
        let (exit, results, _) = try await run(events: [#"{"a":1.0}"#, #""fail""#, #""opaque""#, "[1,2]"])
        guard case .finished = exit else {
            Issue.record("expected finished, got \(exit)")
            return
        }
        #expect(results[0] == .response(Array(#"{"a":1.0}"#.utf8)))
        guard case .error(let body, let type) = results[1] else {
            Issue.record("expected error")
            return
        }
        #expect(type == "Test.Failure")
        #expect(try JSONValue(parsing: body)["errorMessage"] == "scripted failure")
        guard case .error(let opaqueBody, let opaqueType) = results[2] else {
            Issue.record("expected error")
            return
        }
        #expect(opaqueType == "Runtime.Unhandled")
        #expect(try JSONValue(parsing: opaqueBody)["errorType"] == "Runtime.Unhandled")
        #expect(results[3] == .response(Array("[1,2]".utf8)))
    }

    @Test func status413IsLoggedAndTheLoopGoesOn() async throws {
        let sink = MemorySink()
        let (exit, results, _) = try await run(events: [#""huge""#, "1"], sink: sink)
        guard case .finished = exit else {
            Issue.record("expected finished")
            return
        }
        guard case .error(_, let type) = results[0] else {
            Issue.record("expected error")
            return
        }
        #expect(type == "Function.ResponseSizeTooLarge")
        #expect(results[1] == .response(Array("1".utf8)))
        #expect(sink.lines.contains { $0.contains("larger than the Runtime API accepts") })
    }

    @Test func status403OnNextIsLoggedAndRetried() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.failNextWith403 = 2
        let (exit, results, server) = try await run(events: ["1"], behavior: behavior)
        guard case .finished = exit else {
            Issue.record("expected finished")
            return
        }
        #expect(results == [.response(Array("1".utf8))])
        #expect(server.requests.filter { $0.path.hasSuffix("/next") }.count == 3)
    }

    @Test func persistent403EndsTheLoop() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.failNextWith403 = 100
        let (exit, _, _) = try await run(events: [], behavior: behavior, maximumInvocations: 10)
        guard case .failed(let error) = exit else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .forbidden)
    }

    @Test func status500ExitsAtOnce() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.failNextWith500 = 1
        let (exit, results, server) = try await run(events: ["1"], behavior: behavior)
        guard case .failed(let error) = exit else {
            Issue.record("expected failure")
            return
        }
        #expect(error.code == .containerError)
        #expect(results == [.abandoned("loop ended")])
        #expect(server.requests.count == 1)
    }

    @Test func missingDeadlineFailsThatInvocationOnly() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.omittedHeaders = ["Lambda-Runtime-Deadline-Ms"]
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        let endpoint = try RuntimeAPIEndpoint(server.address)
        let bad = server.enqueue(Array("1".utf8))
        let task = Task { await Self.runLoop(endpoint: endpoint, trace: RecordingTraceEnvironment(), invocations: 1) }
        guard case .error(let body, let type) = await server.result(for: bad) else {
            Issue.record("expected error")
            return
        }
        #expect(type == "Runtime.InvalidInvocation")
        #expect(String(decoding: body, as: UTF8.self).contains("Lambda-Runtime-Deadline-Ms"))
        server.updateBehavior { $0.omittedHeaders = [] }
        let good = server.enqueue(Array("2".utf8))
        #expect(await server.result(for: good) == .response(Array("2".utf8)))
        _ = await task.value
        await server.shutdown()
    }

    /// Runs a loop with its own client (the client is not Sendable, so it is made inside the task).
    private static func runLoop(
        endpoint: RuntimeAPIEndpoint,
        trace: RecordingTraceEnvironment,
        invocations: Int
    ) async -> RuntimeLoopExit {
        let client = RuntimeAPIClient(endpoint: endpoint, eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        let loop = RuntimeLoop(
            client: client,
            handler: ScriptedHandler(),
            logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() },
            traceEnvironment: trace,
            maximumInvocations: invocations
        )
        let exit = await loop.run()
        await client.close()
        return exit
    }

    @Test func deadlineReachesTheHandler() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.timeoutMilliseconds = 42_000
        let (_, results, _) = try await run(events: [#""remaining""#], behavior: behavior)
        guard case .response(let body) = results[0], let remaining = Int(String(decoding: body, as: UTF8.self)) else {
            Issue.record("expected a number")
            return
        }
        #expect(remaining > 30_000 && remaining <= 42_000)
    }

    @Test func budgetKeepsTheSafetyMarginBeforeTheDeadline() async throws {
        let (_, results, _) = try await run(events: [#""budget""#])
        #expect(results[0] == .response(Array("1500 true".utf8)))
    }

    @Test func traceVariableIsSetAndCleared() async throws {
        let trace = RecordingTraceEnvironment()
        let server = try await RuntimeAPIServer.start()
        let endpoint = try RuntimeAPIEndpoint(server.address)
        let task = Task { await Self.runLoop(endpoint: endpoint, trace: trace, invocations: 2) }
        let first = server.enqueue(Array("1".utf8))
        _ = await server.result(for: first)
        server.updateBehavior { $0.traceID = nil }
        let second = server.enqueue(Array("2".utf8))
        _ = await server.result(for: second)
        _ = await task.value
        #expect(trace.values.withLock { $0 } == [RuntimeAPIServerBehavior().traceID, nil])
        await server.shutdown()
    }

    @Test func everyInvocationLogLineCarriesTheRequestID() async throws {
        let sink = MemorySink()
        let (_, _, server) = try await run(events: ["1", #""fail""#], sink: sink)
        let ids = server.requests.filter { $0.method == "POST" }.compactMap {
            $0.path.split(separator: "/").dropLast().last.map(String.init)
        }
        #expect(ids.count == 2)
        let lines = try sink.lines.map { try JSONValue(parsing: $0) }
        #expect(lines.count >= 2)
        for line in lines {
            #expect(ids.contains(line["requestId"]?.stringValue ?? ""))
        }
    }
}
