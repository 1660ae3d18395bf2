import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The real `bootstrap` against a Runtime API that misbehaves: scripted 400/403/413/500 answers on `/next`,
/// `/response` and `/error`, a `/next` body cut mid-way, dropped connections. What the runtime does for each is
/// the table in docs/runtime.md ("Runtime API faults"), after the Lambda Runtime API reference and RIE:
/// 500 anywhere exits (Lambda restarts the sandbox); 400/403/413 on a post are logged and the loop goes back to
/// `/next` without posting again for that id (after a 413 the platform has already failed the invoke with
/// `Function.ResponseSizeTooLarge`); 400/403/413 on `/next` are retried (five in a row exit); a lost connection is
/// re-opened once.
@Suite struct RuntimeAPIFaultTests {
    /// A bootstrap process and the Runtime API it polls.
    struct Harness {
        let server: RuntimeAPIServer
        let process: ChildProcess
        let secrets: [String]

        /// `handler` `echo` answers with the event; `bootstrap` runs the bridge with a direct token and an
        /// unreachable Modal server (used with events that are not JSON, which fail before any Modal call).
        static func start(
            handler: String = "echo",
            behavior: RuntimeAPIServerBehavior = RuntimeAPIServerBehavior()
        ) async throws -> Harness {
            let server = try await RuntimeAPIServer.start(behavior: behavior)
            let environment = [
                "PATH": "/usr/bin:/bin", "AWS_LAMBDA_RUNTIME_API": server.address, "_HANDLER": handler,
                "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG",
                "MODAL_APP_NAME": "test-app", "MODAL_FUNCTION_NAME": "echo", "MODAL_INTEGRATION_PATTERN": "spawn",
                "MODAL_TOKEN_ID": "ak-runtime-fault-tests", "MODAL_TOKEN_SECRET": "as-runtime-fault-tests-secret",
                "MODAL_SERVER_URL": "http://127.0.0.1:9",
            ]
            let process = try ChildProcess(RepositoryPaths.builtProduct("bootstrap"), [], environment: environment)
            return Harness(server: server, process: process, secrets: SecretHygiene.secrets(environment: environment))
        }

        /// The result of `requestID`, or `.abandoned` when the process exits (or is killed after `timeout`) first.
        func result(_ requestID: String, timeout: Duration = .seconds(60)) async -> InvocationResult {
            let watcher = Task { [process, server] in
                let started = ContinuousClock.now
                while process.isRunning, !Task.isCancelled {
                    if ContinuousClock.now - started > timeout { process.kill() }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                if !Task.isCancelled { server.abandonAll("bootstrap exited") }
            }
            let result = await server.result(for: requestID)
            watcher.cancel()
            return result
        }

        /// Requests to `path` suffix (`/next`, `/<id>/response`, …).
        func requests(endingWith suffix: String) -> [RecordedRequest] {
            server.requests.filter { $0.path.hasSuffix(suffix) }
        }

        /// Waits until the runtime has made `count` `/next` calls (it is then parked on the last one).
        func waitForNextCalls(_ count: Int) async -> Bool {
            let started = ContinuousClock.now
            while requests(endingWith: "/next").count < count {
                if ContinuousClock.now - started > .seconds(60) || !process.isRunning { return false }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return true
        }

        func stop(sourceLocation: SourceLocation = #_sourceLocation) async {
            process.kill()
            await server.shutdown()
            expectNoSecrets(
                in: process.stdout + process.stderr,
                secrets: secrets,
                "bootstrap output",
                sourceLocation: sourceLocation
            )
        }
    }

    static let event = Array(#"{"k":"v"}"#.utf8)
    /// Not JSON: the bridge fails it with `Bridge.InvalidEvent` (posted to `/error`) before any Modal call.
    static let invalidEvent = Array("not json".utf8)

    @Test(arguments: [400, 403, 413])
    func nextRefusedIsRetried(status: Int) async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.scriptedStatuses = [.next: [status, status]]
        let harness = try await Harness.start(behavior: behavior)
        let id = harness.server.enqueue(Self.event)
        #expect(await harness.result(id) == .response(Self.event))
        #expect(harness.requests(endingWith: "/next").count >= 3)
        #expect(harness.process.isRunning)
        await harness.stop()
    }

    @Test func nextRefusedFiveTimesInARowExits() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.scriptedStatuses = [.next: [403, 400, 413, 403, 400]]
        let harness = try await Harness.start(behavior: behavior)
        #expect(await harness.process.wait(timeout: 60) == 1)
        await harness.stop()
    }

    @Test(arguments: [RuntimeAPIRoute.next, .response, .error])
    func status500ExitsAtOnce(route: RuntimeAPIRoute) async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.scriptedStatuses = [route: [500]]
        let harness = try await Harness.start(handler: route == .error ? "bootstrap" : "echo", behavior: behavior)
        let id = harness.server.enqueue(route == .error ? Self.invalidEvent : Self.event)
        #expect(await harness.process.wait(timeout: 60) == 1)
        // Exactly one post for the invocation: nothing is retried after a 500.
        if route != .next {
            #expect(harness.requests(endingWith: "/\(id)/\(route.rawValue)").count == 1)
        }
        await harness.stop()
    }

    @Test(arguments: [RuntimeAPIRoute.response, .error], [400, 403, 413])
    func refusedPostIsLoggedAndTheLoopGoesOn(route: RuntimeAPIRoute, status: Int) async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.scriptedStatuses = [route: [status]]
        let bridge = route == .error
        let harness = try await Harness.start(handler: bridge ? "bootstrap" : "echo", behavior: behavior)
        let event = bridge ? Self.invalidEvent : Self.event
        let first = harness.server.enqueue(event)
        let second = harness.server.enqueue(event)
        let result = await harness.result(second)
        if bridge {
            guard case .error(_, let errorType) = result else {
                Issue.record("expected the second invocation's error, got \(result)")
                await harness.stop()
                return
            }
            #expect(errorType == "Bridge.InvalidEvent")
        } else {
            #expect(result == .response(event))
        }
        // The refused post is not repeated, and no other outcome is posted for the first invocation.
        #expect(harness.requests(endingWith: "/\(first)/\(route.rawValue)").count == 1)
        #expect(harness.requests(endingWith: "/\(first)/\(route == .response ? "error" : "response")").isEmpty)
        #expect(harness.process.isRunning)
        await harness.stop()
    }

    @Test func tooLargeResponseFailsThatInvocationOnlyAndTheLoopGoesOn() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.maximumResponseBytes = 64
        let harness = try await Harness.start(behavior: behavior)
        let large = Array(#"{"k":"\#(String(repeating: "x", count: 200))"}"#.utf8)
        let id = harness.server.enqueue(large)
        guard case .error(_, let errorType) = await harness.result(id) else {
            Issue.record("expected Function.ResponseSizeTooLarge")
            await harness.stop()
            return
        }
        #expect(errorType == "Function.ResponseSizeTooLarge")
        #expect(harness.requests(endingWith: "/\(id)/error").isEmpty, "nothing more is posted after a 413")
        #expect(await harness.result(harness.server.enqueue(Self.event)) == .response(Self.event))
        await harness.stop()
    }

    /// Failed on the old code: the HTTP decoder's error for a body shorter than its Content-Length was not treated
    /// as a lost connection, so the runtime exited instead of reconnecting once.
    @Test func nextBodyCutMidwayIsFetchedAgainOnANewConnection() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.cutNextBodies = 1
        let harness = try await Harness.start(behavior: behavior)
        let event = Array(#"{"k":"\#(String(repeating: "v", count: 20_000))"}"#.utf8)
        let id = harness.server.enqueue(event)
        #expect(await harness.result(id) == .response(event))
        #expect(harness.requests(endingWith: "/next").count >= 2)
        #expect(harness.process.isRunning)
        await harness.stop()
    }

    @Test func droppedConnectionsAreReopened() async throws {
        let harness = try await Harness.start()
        for round in 1...3 {
            // Each round: one /next parked, dropped, asked again; then one more after the answer.
            #expect(await harness.waitForNextCalls(2 * round - 1), "round \(round): the runtime is parked on /next")
            try await Task.sleep(for: .milliseconds(100))
            await harness.server.closeConnections()
            #expect(await harness.waitForNextCalls(2 * round), "round \(round): /next again on a new connection")
            let event = Array(#"{"round":\#(round)}"#.utf8)
            #expect(await harness.result(harness.server.enqueue(event)) == .response(event))
        }
        await harness.stop()
    }

    @Test func runtimeAPIGoneForGoodExits() async throws {
        let harness = try await Harness.start()
        #expect(await harness.waitForNextCalls(1))
        await harness.server.shutdown()
        #expect(await harness.process.wait(timeout: 60) == 1)
        await harness.stop()
    }
}
