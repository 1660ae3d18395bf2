import CBOR
package import EventDispatch
package import JSON
import LambdaRuntime
package import Logging
package import ModalClient
import Primitives

/// Calls the Modal function for one payload: CBOR `[[payload, params], {}]`, then `spawn` (the call id) or
/// `remote` (the result), bounded by the invocation's deadline.
package struct ModalInvoker: Invoker {
    package var client: any ModalCalling
    package var function: ModalFunctionReference
    package var parameters: JSONValue
    package var pattern: IntegrationPattern
    package var deadline: ContinuousClock.Instant
    package var logger: Logger
    /// Receives each call's duration and outcome when metrics are on.
    var metrics: InvocationMetrics?

    package init(
        client: any ModalCalling,
        function: ModalFunctionReference,
        parameters: JSONValue,
        pattern: IntegrationPattern,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) {
        self.client = client
        self.function = function
        self.parameters = parameters
        self.pattern = pattern
        self.deadline = deadline
        self.logger = logger
    }

    package func invoke(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome {
        guard let metrics else { return try await call(payload) }
        let started = metrics.time.now()
        do {
            let outcome = try await call(payload)
            metrics.recordCall(duration: metrics.time.now() - started, failed: false)
            return outcome
        } catch {
            metrics.recordCall(duration: metrics.time.now() - started, failed: true)
            throw error
        }
    }

    /// `remote`: every payload as one Modal map call (``ModalCalling/remoteMap(_:arguments:deadline:logger:deliver:)``),
    /// each outcome reported as its output arrives. False for `spawn` (Modal's `spawn_map` is one ASYNC call per
    /// input too, and each record keeps its own `function_call_id`) and for functions on an input plane.
    package func invokeBatch(_ payloads: [JSONValue], report: BatchReport) async -> Bool {
        guard pattern == .remote else { return false }
        var arguments: [[UInt8]] = []
        var positions: [Int] = []
        var unencodable: [(Int, InvocationFailure)] = []
        for (position, payload) in payloads.enumerated() {
            do throws(InvocationFailure) {
                arguments.append(try encode(payload))
                positions.append(position)
            } catch {
                unencodable.append((position, error))
            }
        }
        let started = metrics?.time.now()
        let route = await client.remoteMap(function, arguments: arguments, deadline: deadline, logger: logger) {
            [positions] index, result in
            let outcome = result.map { InvocationOutcome.result($0) }.mapError { error in
                logFailure(error)
                return InvocationFailure(error)
            }
            if let metrics, let started {
                metrics.recordCall(duration: metrics.time.now() - started, failed: (try? outcome.get()) == nil)
            }
            report(positions[index], outcome)
        }
        guard route == .mapped else { return false }
        for (position, failure) in unencodable { report(position, .failure(failure)) }
        logger.debug("map call returned", metadata: ["inputs": "\(arguments.count)"])
        return true
    }

    private func encode(_ payload: JSONValue) throws(InvocationFailure) -> [UInt8] {
        do {
            return try ModalArguments.encode(payload: payload, params: parameters)
        } catch {
            // Only numbers beyond what CBOR can carry exactly (bignums over 8 KiB) get here.
            throw InvocationFailure(
                errorType: "Bridge.InvalidEvent",
                message: "the payload cannot be encoded as CBOR: \(error.message)"
            )
        }
    }

    private func logFailure(_ error: ModalError) {
        let failure = InvocationFailure(error)
        var metadata: Logger.Metadata = [
            "errorType": .string(failure.errorType), "error": .string(failure.message),
        ]
        if let exception = error.exception { metadata["exception"] = .string(exception) }
        if let traceback = error.traceback { metadata["traceback"] = .string(traceback) }
        logger.error("modal call failed", metadata: metadata)
    }

    private func call(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome {
        let arguments = try encode(payload)
        do throws(ModalError) {
            switch pattern {
            case .spawn:
                let callID = try await client.spawn(function, arguments: arguments, deadline: deadline, logger: logger)
                logger.info("spawned", metadata: ["function_call_id": .string(callID), "bytes": "\(arguments.count)"])
                return .spawned(functionCallID: callID)
            case .remote:
                let result = try await client.remote(function, arguments: arguments, deadline: deadline, logger: logger)
                logger.debug("remote call returned", metadata: ["bytes": "\(arguments.count)"])
                return .result(result)
            }
        } catch {
            logFailure(error)
            throw InvocationFailure(error)
        }
    }
}

/// The calls the bridge makes; ``ModalClient`` implements it, tests may substitute a fake.
package protocol ModalCalling: Sendable {
    func spawn(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> String

    func remote(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> JSONValue

    func remoteMap(
        _ function: ModalFunctionReference,
        arguments: [[UInt8]],
        deadline: ContinuousClock.Instant,
        logger: Logger,
        deliver: ModalMapDelivery
    ) async -> ModalMapRoute
}

extension ModalClient: ModalCalling {}

/// The client's gRPC connections run beside the Lambda loop (`run()` until `shutdown()`).
extension ModalClient: LambdaService {}
