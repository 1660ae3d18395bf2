import GRPCCore
import JSON
import Logging
import ModalClient
import TestSupport
import Testing

/// Retries, throttling, deadlines and the errors users see, against the Python Modal test server.
@Suite("ModalClient failures against the Modal test server")
struct ModalClientFailureTests {
    typealias H = ModalClientHarness

    @Test func internalFailuresAreRetriedOnTheControlPlane() async throws {
        try await H.with { harness in
            let value = try await harness.remote("flaky", ["failures": 3])
            #expect(value == ["args": [["failures": 3], [:]], "kwargs": [:]])
            let retries = try await harness.server.records(of: "FunctionRetryInputs")
            #expect(retries.count == 3)
            #expect(retries.allSatisfy { $0.status == "OK" && $0.request?["function_call_jwt"] != nil })
        }
    }

    @Test func internalFailuresAreRetriedOnTheInputPlane() async throws {
        try await H.with { harness in
            let value = try await harness.remote("flaky", app: "ip-app", ["failures": 2])
            #expect(value == ["args": [["failures": 2], [:]], "kwargs": [:]])
            #expect(try await harness.server.records(of: "AttemptRetry").count == 2)
        }
    }

    @Test func internalFailuresStopAfterEightRetries() async throws {
        try await H.with { harness in
            let error = await H.modalError { _ = try await harness.remote("flaky", ["failures": 50]) }
            #expect(error?.errorType == "Modal.InternalFailure")
            let retries = try await harness.server.records(of: "FunctionRetryInputs")
            #expect(retries.count == 8)
        }
    }

    @Test func unavailableIsRetriedWithOneIdempotencyKey() async throws {
        try await H.with { harness in
            _ = try await harness.remote("echo", ["warm": true])
            try await harness.server.addFault(code: "UNAVAILABLE", count: 2, methods: ["FunctionMap"])
            #expect(try await harness.remote("echo", ["n": 1]) == ["args": [["n": 1], [:]], "kwargs": [:]])
            let maps = Array(try await harness.server.records(of: "FunctionMap").dropFirst())
            #expect(maps.map(\.status) == ["UNAVAILABLE", "UNAVAILABLE", "OK"])
            #expect(maps.map { $0.metadata["x-retry-attempt"] } == ["0", "1", "2"])
            #expect(Set(maps.compactMap { $0.metadata["x-idempotency-key"] }).count == 1)
            #expect(maps[0].metadata["x-retry-delay"] == nil)
            #expect(maps.dropFirst().allSatisfy { Double($0.metadata["x-retry-delay"] ?? "") ?? 0 >= 0.1 })
            // only one input was created for the logical call
            #expect(maps.filter { $0.raw["inputs"] != nil && $0.status == "OK" }.count == 1)
        }
    }

    @Test func persistentUnavailableFailsAfterThreeRetries() async throws {
        try await H.with { harness in
            try await harness.server.addFault(code: "INTERNAL", count: 10, methods: ["FunctionGet"])
            let error = await H.modalError { _ = try await harness.remote("echo", [:]) }
            #expect(error?.errorType == "Modal.Unavailable")
            #expect(error?.rpcCode == .internalError)
            #expect(try await harness.server.records(of: "FunctionGet").count == 4)
        }
    }

    @Test func unreachableServerIsUnavailable() async throws {
        try await H.with(serverURL: "http://127.0.0.1:1") { harness in
            let error = await H.modalError { _ = try await harness.remote("echo", [:], deadline: 30) }
            #expect(
                error?.errorType == "Modal.Unavailable" || error?.errorType == "Modal.Timeout",
                "\(String(describing: error))"
            )
        }
    }

    @Test func serverThrottlingIsHonoured() async throws {
        try await H.with { harness in
            try await harness.server.addFault(
                code: "RESOURCE_EXHAUSTED",
                count: 2,
                methods: ["FunctionMap"],
                retryAfterSeconds: 0.3
            )
            _ = try await harness.spawn("echo", ["t": 1])
            let maps = try await harness.server.records(of: "FunctionMap")
            #expect(maps.map(\.status) == ["RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", "OK"])
            #expect(maps.map { $0.metadata["x-throttle-retry-attempt"] } == ["0", "1", "2"])
            #expect(
                maps.map { $0.metadata["x-retry-attempt"] } == ["0", "0", "0"],
                "throttling keeps the retry budget"
            )
            #expect(Set(maps.compactMap { $0.metadata["x-idempotency-key"] }).count == 1)
            #expect(Double(maps[1].metadata["x-throttle-retry-delay"] ?? "") ?? 0 >= 0.3)
            #expect(Double(maps[2].metadata["x-throttle-retry-delay"] ?? "") ?? 0 >= 0.6)
        }
    }

    @Test func throttleWaitIsBoundedByMaxThrottleWait() async throws {
        try await H.with(maxThrottleWait: .seconds(0.5)) { harness in
            try await harness.server.addFault(
                code: "RESOURCE_EXHAUSTED",
                count: 5,
                methods: ["FunctionMap"],
                retryAfterSeconds: 0.4
            )
            let error = await H.modalError { _ = try await harness.spawn("echo", [:]) }
            #expect(error?.errorType == "Modal.ResourceExhausted")
            #expect(try await harness.server.records(of: "FunctionMap").count == 2)
        }
        try await H.with(maxThrottleWait: .zero) { harness in
            try await harness.server.addFault(
                code: "RESOURCE_EXHAUSTED",
                methods: ["FunctionMap"],
                retryAfterSeconds: 0.1
            )
            let error = await H.modalError { _ = try await harness.spawn("echo", [:]) }
            #expect(error?.errorType == "Modal.ResourceExhausted")
            #expect(try await harness.server.records(of: "FunctionMap").count == 1)
        }
    }

    @Test func deadlineGivesATypedTimeoutAndCancelsTheCall() async throws {
        try await H.with { harness in
            let deadline = ContinuousClock.now + .seconds(8)
            let error = await H.modalError {
                _ = try await harness.client.remote(
                    H.function("slow"),
                    arguments: try H.arguments(["seconds": 30]),
                    deadline: deadline,
                    logger: Logger(label: "t")
                )
            }
            #expect(ContinuousClock.now < deadline, "the timeout must come before the deadline")
            #expect(error?.errorType == "Modal.Timeout")
            #expect(error?.isTimeout == true)
            let callID = try #require(
                try await harness.server.records(of: "FunctionMap").first?.response?["function_call_id"]
            )
            let cancels = try await harness.server.records(of: "FunctionCallCancel")
            #expect(cancels.count == 1)
            #expect(cancels.first?.request?["function_call_id"] == callID)
            #expect(cancels.first?.status == "OK")
            let state = try await harness.server.state()
            #expect(state["calls"]?[callID.stringValue ?? ""]?["cancelled"] == true)
        }
    }

    @Test func inputPlaneDeadlineGivesATypedTimeout() async throws {
        try await H.with { harness in
            let deadline = ContinuousClock.now + .seconds(8)
            let error = await H.modalError {
                _ = try await harness.client.remote(
                    H.function("slow", app: "ip-app"),
                    arguments: try H.arguments(["seconds": 30]),
                    deadline: deadline,
                    logger: Logger(label: "t")
                )
            }
            #expect(ContinuousClock.now < deadline)
            #expect(error?.isTimeout == true)
        }
    }

    @Test func functionsThatCannotBeCalledGiveClearErrors() async throws {
        try await H.with { harness in
            let cases: [(String, String, String)] = [
                ("pickle_only", "Modal.UnsupportedFunction", "Redeploy"),
                ("web", "Modal.UnsupportedFunction", "web endpoint"),
                ("gen", "Modal.UnsupportedFunction", "generator"),
                ("nosuch", "Modal.NotFound", "not found"),
                ("Model", "Modal.NotFound", "class"),
                ("Model.predict", "Modal.UnsupportedFunction", "class"),
            ]
            for (name, errorType, phrase) in cases {
                for spawn in [false, true] {
                    let error = await H.modalError {
                        if spawn {
                            _ = try await harness.spawn(name, [:])
                        } else {
                            _ = try await harness.remote(name, [:])
                        }
                    }
                    #expect(error?.errorType == errorType, "\(name): \(String(describing: error))")
                    #expect(error?.message.contains(phrase) == true, "\(name): \(String(describing: error))")
                }
            }
            let env = await H.modalError {
                _ = try await harness.client.spawn(
                    H.function("echo", environment: "staging"),
                    arguments: try H.arguments([:]),
                    deadline: H.deadline(),
                    logger: Logger(label: "t")
                )
            }
            #expect(env?.errorType == "Modal.NotFound")
            let maps = try await harness.server.records(of: "FunctionMap")
            #expect(maps.isEmpty)
        }
    }

    @Test func remoteFailuresCarryExceptionAndTraceback() async throws {
        try await H.with { harness in
            let failure = await H.modalError { _ = try await harness.remote("raise", ["message": "boom from swift"]) }
            #expect(failure?.errorType == "Modal.RemoteError")
            #expect(failure?.exception?.contains("ValueError('boom from swift')") == true)
            #expect(failure?.traceback?.contains("Traceback") == true)
            let timeout = await H.modalError { _ = try await harness.remote("timeout", [:]) }
            #expect(timeout?.errorType == "Modal.Timeout")
            let serialization = await H.modalError { _ = try await harness.remote("unserializable", [:]) }
            #expect(serialization?.errorType == "Modal.RemoteError")
            let inputPlane = await H.modalError { _ = try await harness.remote("raise", app: "ip-app", [:]) }
            #expect(inputPlane?.errorType == "Modal.RemoteError")
            #expect(inputPlane?.traceback != nil)
        }
    }
}
