import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The real `bootstrap` against moto (the token in Secrets Manager, SigV4 checked), the Modal test server and the
/// local Runtime API.
@Suite(.bridgeEnvironment, .serialized) struct BridgeProcessTests {
    static var fixtures: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: RepositoryPaths.events, includingPropertiesForKeys: nil))
            ?? [])
            .filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    private func environment() throws -> BridgeEnvironment {
        try #require(BridgeEnvironment.current)
    }

    private func stop(
        _ runtime: BridgeEnvironment.Runtime,
        _ environment: BridgeEnvironment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        await runtime.stop(sourceLocation: sourceLocation)  // checks the secret hygiene
    }

    @Test(arguments: [("remote", "event"), ("remote", "record"), ("spawn", "event"), ("spawn", "record")])
    func everyFixture(pattern: String, mode: String) async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "echo", pattern: pattern, mode: mode)
        )
        for fixture in Self.fixtures {
            let event = Array(try Data(contentsOf: fixture))
            let name = fixture.lastPathComponent
            guard case .response(let body) = await runtime.invoke(event) else {
                Issue.record("\(name) (\(pattern)/\(mode)) failed")
                continue
            }
            let response = try JSONValue(parsing: body)
            let shaped =
                response["status"] == "Success" || response["statusCode"] != nil || response["batchItemFailures"] != nil
            #expect(shaped, "\(name): \(response.serializedString())")
            if let failures = response["batchItemFailures"]?.arrayValue, !name.contains("malformed") {
                #expect(failures.isEmpty, "\(name): \(response.serializedString())")
            }
            // Single-record sources (EventBridge, schedules, unknown events) arrive unchanged in record mode too.
            let forwardedAsReceived = mode == "event" || name.hasPrefix("eventbridge-") || name.hasPrefix("unknown-")
            if forwardedAsReceived, pattern == "remote", let result = response["response"]?["result"] {
                #expect(
                    result["args"]?[0]?.semanticallyEquals(try JSONValue(parsing: event)) == true,
                    "\(name): the event must arrive unchanged"
                )
                #expect(result["args"]?[1] == ["source": "integration", "ratio": 1.0])
            }
            if pattern == "spawn", let id = response["response"]?["function_call_id"]?.stringValue {
                #expect(id.hasPrefix("fc-"))
            }
        }
        await stop(runtime, environment)
    }

    @Test func sqsRecordModeReportsExactlyTheFailedMessage() async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "fail_marked", pattern: "remote", mode: "record")
        )
        let records: [JSONValue] = ["ok-1", "please FAIL", "ok-2"].enumerated().map { index, body in
            [
                "messageId": .string("m-\(index)"), "receiptHandle": "rh", "body": .string(body), "attributes": [:],
                "messageAttributes": [:], "md5OfBody": "x", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders", "awsRegion": "us-east-1",
            ]
        }
        let event: JSONValue = ["Records": .array(records)]
        guard case .response(let body) = await runtime.invoke(event.serialized()) else {
            Issue.record("expected a partial batch response")
            await stop(runtime, environment)
            return
        }
        #expect(try JSONValue(parsing: body) == ["batchItemFailures": [["itemIdentifier": "m-1"]]])
        await stop(runtime, environment)
    }

    @Test func aTenRecordSQSBatchIsOneMapCallWithOutputsMatchedByIdx() async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "fail_marked", pattern: "remote", mode: "record")
        )
        // Later records sleep less, so the outputs arrive in reverse order; record 7 fails. `run` picks this test's
        // calls out of the log of the server the suite shares.
        let run = "batch-\(UInt64.random(in: 1...UInt64.max))"
        let records: [JSONValue] = (0..<10).map { index in
            let body: JSONValue = [
                "seconds": .double(Double(9 - index) * 0.08), "text": index == 7 ? "FAIL" : "ok", "run": .string(run),
            ]
            return [
                "messageId": .string("m-\(index)"), "receiptHandle": "rh", "body": .string(body.serializedString()),
                "attributes": [:], "messageAttributes": [:], "md5OfBody": "x", "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders", "awsRegion": "us-east-1",
            ]
        }
        let seen = try await environment.modal.records().count
        let result = await runtime.invoke(JSONValue.object(["Records": .array(records)]).serialized())
        guard case .response(let body) = result else {
            Issue.record("expected a partial batch response, got \(result)")
            await stop(runtime, environment)
            return
        }
        #expect(try JSONValue(parsing: body) == ["batchItemFailures": [["itemIdentifier": "m-7"]]])
        let log = Array(try await environment.modal.records().dropFirst(seen))
        let maps = log.filter {
            $0.method == "FunctionMap" && $0.raw["inputs"]?.serializedString().contains(run) == true
        }
        #expect(maps.count == 1, "one FunctionMap for the batch: \(log.map(\.method))")
        #expect(maps.first?.request?["function_call_type"] == "FUNCTION_CALL_TYPE_MAP")
        let idxs = maps.first?.raw["inputs"]?.arrayValue?.compactMap { $0["idx"]?.numberValue?.int64Value }
        #expect(idxs == Array(0..<10))
        let sent = maps.first?.raw["inputs"]?.arrayValue?.compactMap { $0["args"]?[0]?["bodyJSON"]?["text"] }
        #expect(sent?.count == 10 && sent?[7] == "FAIL")
        let callID = maps.first?.response?["function_call_id"]
        // The polls (not the final clearing FunctionGetOutputs, which may come after the answer).
        let returned = log.filter {
            $0.method == "FunctionGetOutputs" && $0.request?["function_call_id"] == callID
                && $0.request?["clear_on_success"] != true
        }
        .flatMap { $0.response?["outputs"]?.arrayValue ?? [] }
        .map { $0["idx"]?.numberValue?.int64Value ?? 0 }
        #expect(returned.sorted() == Array(0..<10) && returned != Array(0..<10), "out of order: \(returned)")
        await stop(runtime, environment)
    }

    @Test func blobInputAndOutputThroughTheControlPlaneAndTheInputPlane() async throws {
        let environment = try environment()
        for app in ["test-app", "ip-app"] {
            let runtime = try await environment.runtime(
                environment.lambdaEnvironment(function: "echo", pattern: "remote", extra: ["MODAL_APP_NAME": app])
            )
            let large: JSONValue = ["data": .string(String(repeating: "a", count: 3 * 1024 * 1024))]
            guard case .response(let body) = await runtime.invoke(large.serialized()) else {
                Issue.record("\(app): the 3 MiB call failed")
                await stop(runtime, environment)
                continue
            }
            #expect(try JSONValue(parsing: body)["response"]?["result"]?["args"]?[0] == large)
            await stop(runtime, environment)
        }
        let methods = try await environment.modal.records().map(\.method)
        #expect(methods.contains("BlobCreate"))
        #expect(methods.contains("BlobGet"))
        #expect(methods.contains("AttemptStart"))
    }

    @Test(arguments: [
        ("no_such_function", "Modal.NotFound"),
        ("web", "Modal.UnsupportedFunction"),
        ("pickle_only", "Modal.UnsupportedFunction"),
        ("gen", "Modal.UnsupportedFunction"),
        ("raise", "Modal.RemoteError"),
    ])
    func clearErrors(function: String, errorType: String) async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: function, pattern: "remote")
        )
        guard case .error(let body, let type) = await runtime.invoke(Array(#"{"k":"v"}"#.utf8)) else {
            Issue.record("\(function): expected an invocation error")
            await stop(runtime, environment)
            return
        }
        #expect(type == errorType)
        let error = try JSONValue(parsing: body)
        #expect(error["errorType"]?.stringValue == errorType)
        #expect(error["errorMessage"]?.stringValue?.isEmpty == false)
        await stop(runtime, environment)
    }

    @Test func wrongTokenIsAnAuthError() async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "echo",
                pattern: "remote",
                extra: ["MODAL_TOKEN_ID": "ak-wrong", "MODAL_TOKEN_SECRET": "as-wrong"]
            )
        )
        guard case .error(_, let type) = await runtime.invoke(Array("{}".utf8)) else {
            Issue.record("expected an auth error")
            await stop(runtime, environment)
            return
        }
        #expect(type == "Modal.Auth")
        await stop(runtime, environment)
    }

    @Test func deadlineGivesATypedTimeoutAndCancelsTheCall() async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(function: "slow", pattern: "remote"),
            timeoutMilliseconds: 6_000
        )
        let started = ContinuousClock.now
        guard case .error(_, let type) = await runtime.invoke(Array(#"{"seconds": 30}"#.utf8)) else {
            Issue.record("expected a timeout")
            await stop(runtime, environment)
            return
        }
        let elapsed = ContinuousClock.now - started
        #expect(type == "Modal.Timeout")
        #expect(elapsed < .seconds(6), "the error must arrive before Lambda's deadline")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await environment.modal.records().contains { $0.method == "FunctionCallCancel" })
        await stop(runtime, environment)
    }

    @Test func invokeCommandRunsTheBridgeLocally() async throws {
        let environment = try environment()
        let result = try await runCommand(
            RepositoryPaths.builtProduct("modal-bridge"),
            [
                "invoke", RepositoryPaths.events.appendingPathComponent("s3-put.json").path,
                "--bootstrap", RepositoryPaths.builtProduct("bootstrap").path,
            ],
            environment: environment.lambdaEnvironment(function: "echo", pattern: "remote"),
            timeout: 120
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let response = try JSONValue(parsing: result.stdout)
        #expect(response["status"] == "Success")
        #expect(response["response"]?["result"]?["args"]?[0]?["Records"] != nil)
        expectNoSecrets(in: result.stdout + result.stderr, secrets: environment.secrets, "modal-bridge invoke output")
    }

    @Test func missingConfigurationFailsInitNamingTheVariable() async throws {
        let environment = try environment()
        var lambda = environment.lambdaEnvironment(function: "echo", pattern: "remote")
        lambda["MODAL_APP_NAME"] = nil
        let runtime = try await environment.runtime(lambda)
        #expect(await runtime.process.wait(timeout: 30) == 1)
        let initError = try #require(runtime.server.requests.first { $0.path.hasSuffix("/runtime/init/error") })
        #expect(initError.header("Lambda-Runtime-Function-Error-Type") == "Config.Invalid")
        #expect(initError.bodyText.contains("MODAL_APP_NAME"))
        await stop(runtime, environment)
    }
}
