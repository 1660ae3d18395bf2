import Bridge
import CBOR
import EventDispatch
import Foundation
import JSON
import LambdaRuntime
import Logging
import ModalClient
import RuntimeAPI
import SecretsManager
import Synchronization
import TestSupport
import Testing

/// A Modal caller that records calls and answers from a script.
final class FakeModal: ModalCalling {
    struct Call: Sendable {
        var function: ModalFunctionReference
        var arguments: [UInt8]
    }

    let calls = Mutex<[Call]>([])
    let failWith: ModalError?
    /// Calls whose arguments contain the text `FAIL` fail with a remote error (one failing record in a batch).
    let failMarked: Bool

    init(failWith: ModalError? = nil, failMarked: Bool = false) {
        self.failWith = failWith
        self.failMarked = failMarked
    }

    private func failure(_ arguments: [UInt8]) -> ModalError? {
        if let failWith { return failWith }
        guard failMarked, let decoded = try? JSONValue(decodingCBOR: arguments),
            decoded.serializedString().contains("FAIL")
        else { return nil }
        return ModalError(code: .remoteError, message: "the function raised")
    }

    func spawn(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> String {
        let count = calls.withLock { calls in
            calls.append(Call(function: function, arguments: arguments))
            return calls.count
        }
        if let failure = failure(arguments) { throw failure }
        return "fc-\(count)"
    }

    func remote(
        _ function: ModalFunctionReference,
        arguments: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws(ModalError) -> JSONValue {
        calls.withLock { $0.append(Call(function: function, arguments: arguments)) }
        if let failure = failure(arguments) { throw failure }
        // The echo function: returns its arguments, decoded as the container would.
        guard let decoded = try? JSONValue(decodingCBOR: arguments), let args = decoded[0] else { return .null }
        return ["args": args]
    }

    /// Sizes of the map calls made (each input is also recorded in `calls`).
    let maps = Mutex<[Int]>([])

    func remoteMap(
        _ function: ModalFunctionReference,
        arguments: [[UInt8]],
        deadline: ContinuousClock.Instant,
        logger: Logger,
        deliver: ModalMapDelivery
    ) async -> ModalMapRoute {
        maps.withLock { $0.append(arguments.count) }
        // Delivered in reverse order, as outputs may arrive.
        for (index, bytes) in arguments.enumerated().reversed() {
            do throws(ModalError) {
                deliver(
                    index,
                    .success(try await remote(function, arguments: bytes, deadline: deadline, logger: logger))
                )
            } catch {
                deliver(index, .failure(error))
            }
        }
        return .mapped
    }
}

@Suite struct BridgeHandlerTests {
    static func context(requestID: String = "req-1") -> LambdaContext {
        LambdaContext(
            invocation: Invocation(
                requestID: requestID,
                deadlineEpochMilliseconds: 0,
                invokedFunctionARN: "arn",
                event: []
            ),
            deadline: .now + .seconds(30),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
    }

    private func handler(_ environment: [String: String], modal: FakeModal) throws -> BridgeHandler {
        var merged = BridgeConfigurationTests.base
        merged.merge(environment) { _, new in new }
        return BridgeHandler(configuration: try BridgeConfiguration(environment: merged), client: modal)
    }

    @Test func remoteEventModeSendsEventAndParamsAsCBOR() async throws {
        let modal = FakeModal()
        let handler = try handler(["PARAMETERS": #"{"p":1}"#], modal: modal)
        let event = try RepositoryPaths.read("events/unknown-order.json")
        let response = try JSONValue(parsing: try await handler.handle(event, context: Self.context()))
        #expect(response["status"] == "Success")
        let args = try #require(response["response"]?["result"]?["args"])
        #expect(args[0]?.semanticallyEquals(try JSONValue(parsing: event)) == true)
        #expect(args[1] == ["p": 1])
        let call = try #require(modal.calls.withLock { $0.first })
        #expect(call.function.appName == "etl")
        #expect(call.function.functionName == "ingest")
        // [[event, params], {}]: array(2), array(2) …, empty map at the end
        #expect(Array(call.arguments.prefix(2)) == [0x82, 0x82])
        #expect(call.arguments.last == 0xA0)
    }

    @Test func remoteRecordModeSendsABatchAsOneMapCall() async throws {
        let modal = FakeModal(failMarked: true)
        let event = SQSBatch.event(bodies: ["a", "FAIL", "c"])
        let recordMode = try handler(["MODAL_BRIDGE_DISPATCH_MODE": "record"], modal: modal)
        let response = try JSONValue(parsing: try await recordMode.handle(event, context: Self.context()))
        #expect(modal.maps.withLock { $0 } == [3])
        #expect(response == ["batchItemFailures": [["itemIdentifier": "m-1"]]])

        // spawn keeps one call (and one function call id) per record; MODAL_BRIDGE_BATCH=unary turns maps off.
        for environment in [["MODAL_INTEGRATION_PATTERN": "spawn"], ["MODAL_BRIDGE_BATCH": "unary"]] {
            let modal = FakeModal()
            var merged = environment
            merged["MODAL_BRIDGE_DISPATCH_MODE"] = "record"
            _ = try await handler(merged, modal: modal).handle(event, context: Self.context())
            #expect(modal.maps.withLock { $0 }.isEmpty)
            #expect(modal.calls.withLock { $0.count } == 3)
        }
    }

    @Test func spawnEventModeReturnsTheCallID() async throws {
        let modal = FakeModal()
        let handler = try handler(["MODAL_INTEGRATION_PATTERN": "spawn"], modal: modal)
        let response = try JSONValue(
            parsing: try await handler.handle(Array(#"{"x":1}"#.utf8), context: Self.context())
        )
        #expect(response == ["status": "Success", "response": ["function_call_id": "fc-1"]])
    }

    @Test func modalErrorsBecomeTypedInvocationErrors() async throws {
        let modal = FakeModal(failWith: ModalError(code: .notFound, message: "Function 'etl/ingest' not found"))
        let handler = try handler([:], modal: modal)
        do {
            _ = try await handler.handle(Array(#"{"x":1}"#.utf8), context: Self.context())
            Issue.record("expected an error")
        } catch {
            let diagnostic = Diagnostic(error)
            #expect(diagnostic.errorType == "Modal.NotFound")
            #expect(diagnostic.errorMessage.contains("not found"))
        }
    }

    /// What a handler whose Modal calls fail with `failure` answers (`nil`: it did not fail).
    private func diagnostic(of failure: ModalError) async throws -> Diagnostic? {
        let handler = try handler([:], modal: FakeModal(failWith: failure))
        do {
            _ = try await handler.handle(Array(#"{"x":1}"#.utf8), context: Self.context())
            return nil
        } catch {
            return Diagnostic(error)
        }
    }

    /// Failed on the old code: a token that could not be read was reported as `Modal.Auth` whatever the cause.
    @Test(arguments: SecretsManagerError.Code.allCases)
    func secretFailuresKeepTheirOwnErrorType(code: SecretsManagerError.Code) async throws {
        var cause = SecretsManagerError(code: code, message: "GetSecretValue modal/token: scripted", attempts: 3)
        cause.awsErrorCode = "ScriptedException"
        let secret = ModalTokenError(cause)
        let wrapped = ModalError(code: .auth, message: "could not read the Modal token: \(secret)", underlying: secret)
        for failure in [wrapped, ModalError(code: .timeout, message: "out of time", underlying: wrapped)] {
            let diagnostic = try #require(try await diagnostic(of: failure))
            #expect(diagnostic.errorType == cause.errorType)
            #expect(diagnostic.errorType.hasPrefix("SecretsManager."))
            #expect(diagnostic.errorMessage.contains("GetSecretValue modal/token: scripted"))
            #expect(diagnostic.errorMessage.contains("ScriptedException"))
            #expect(diagnostic.errorMessage.contains("after 3 attempts"))
        }
    }

    @Test(arguments: [ModalTokenError.Code.secretPlaceholder, .secretInvalid])
    func secretContentErrorsKeepTheirOwnErrorType(code: ModalTokenError.Code) async throws {
        let secret = ModalTokenError(code: code, message: "secret modal/token: scripted")
        let failure = ModalError(code: .auth, message: "could not read the Modal token: \(secret)", underlying: secret)
        let diagnostic = try #require(try await diagnostic(of: failure))
        #expect(diagnostic.errorType == (code == .secretPlaceholder ? "Secret.Placeholder" : "Secret.Invalid"))
        #expect(diagnostic.errorMessage == "secret modal/token: scripted")
    }

    @Test func invalidEventIsBridgeInvalidEvent() async throws {
        let handler = try handler([:], modal: FakeModal())
        do {
            _ = try await handler.handle(Array("not json".utf8), context: Self.context())
            Issue.record("expected an error")
        } catch {
            #expect(Diagnostic(error).errorType == "Bridge.InvalidEvent")
        }
    }
}

/// SQS batches for the handler tests: message ids `m-0`, `m-1`, …
enum SQSBatch {
    static func event(bodies: [String]) -> [UInt8] {
        let records: [JSONValue] = bodies.enumerated().map { index, body in
            [
                "messageId": .string("m-\(index)"), "receiptHandle": "h", "body": .string(body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "0", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q", "awsRegion": "us-east-1",
            ]
        }
        return JSONValue.object(["Records": .array(records)]).serialized()
    }
}
