import LambdaRuntime
import RuntimeAPIServer
import Synchronization
import Testing

/// ``LambdaHandler/services``: a handler's services run beside the loop while it handles events, and are shut down
/// (their `run()` returns) when the loop ends.
@Suite struct LambdaServiceTests {
    final class RecordingService: LambdaService {
        enum Phase: Sendable, Equatable { case idle, running, stopped }
        private let phase = Mutex(Phase.idle)
        private let stop = AsyncStream.makeStream(of: Void.self)

        var current: Phase { phase.withLock { $0 } }

        func run() async throws {
            phase.withLock { $0 = .running }
            for await _ in stop.stream {}
            phase.withLock { $0 = .stopped }
        }

        func shutdown() { stop.continuation.finish() }
    }

    /// Answers with its service's phase, then has the Runtime API answer the next `/next` with 500 (ends the loop).
    struct ServiceHandler: LambdaHandler {
        let service: RecordingService
        let server: RuntimeAPIServer
        var services: [any LambdaService] { [service] }

        func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
            server.updateBehavior { $0.failNextWith500 = 1 }
            return Array("\"\(service.current)\"".utf8)
        }
    }

    @Test func servicesRunBesideTheLoopAndStopWhenItEnds() async throws {
        let server = try await RuntimeAPIServer.start()
        let service = RecordingService()
        let id = server.enqueue(Array("{}".utf8))
        let exitCode = await LambdaRuntimeMain.run(
            environment: Environment(["AWS_LAMBDA_RUNTIME_API": server.address]),
            sink: MemorySink()
        ) { _ in ServiceHandler(service: service, server: server) }
        #expect(await server.result(for: id) == .response(Array("\"running\"".utf8)))
        #expect(exitCode == 1, "a 500 from /next ends the loop with a failure")
        #expect(service.current == .stopped, "the service's run() returned after shutdown()")
        await server.shutdown()
    }

    @Test func aHandlerHasNoServicesByDefault() {
        struct Plain: LambdaHandler {
            func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] { event }
        }
        #expect(Plain().services.isEmpty)
    }
}
