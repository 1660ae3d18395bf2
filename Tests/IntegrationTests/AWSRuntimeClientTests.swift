import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// AWS's own runtime client (awslambdaric, pinned in scripts/requirements-test.txt) against our fake Runtime API:
/// the fake is checked by an implementation we did not write.
@Suite struct AWSRuntimeClientTests {
    @Test func awslambdaricCompletesInvocations() async throws {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "run `make venv` first: \(python.path) is missing"
        )
        var behavior = RuntimeAPIServerBehavior()
        behavior.clientContext = #"{"custom":{"tenant":"acme"},"client":{},"env":{}}"#
        behavior.cognitoIdentity = #"{"cognitoIdentityId":"us-east-1:identity","cognitoIdentityPoolId":"pool"}"#
        behavior.timeoutMilliseconds = 60_000
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        let child = try ChildProcess(
            python,
            ["-m", "awslambdaric", "app.handler"],
            environment: [
                "AWS_LAMBDA_RUNTIME_API": server.address,
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": RepositoryPaths.root.appendingPathComponent("Tests/python/awslambdaric_app").path,
                "LAMBDA_TASK_ROOT": RepositoryPaths.root.appendingPathComponent("Tests/python/awslambdaric_app").path,
                "AWS_LAMBDA_FUNCTION_NAME": "fake-check",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
                "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            ],
            currentDirectory: RepositoryPaths.root.appendingPathComponent("Tests/python/awslambdaric_app")
        )
        defer { child.kill() }

        let okID = server.enqueue(Array(#"{"n":1}"#.utf8))
        guard case .response(let body) = await server.result(for: okID) else {
            Issue.record("awslambdaric did not answer: \(child.stderr)")
            await server.shutdown()
            return
        }
        let response = try JSONValue(parsing: body)
        #expect(response["echo"] == ["n": 1])
        #expect(response["requestId"]?.stringValue == okID)
        #expect(response["functionArn"]?.stringValue == behavior.invokedFunctionARN)
        let remaining = try #require(response["remainingMs"]?.numberValue?.int64Value)
        #expect(remaining > 30_000 && remaining <= 60_000)
        #expect(response["traceId"]?.stringValue == behavior.traceID)
        #expect(response["clientContext"] == ["tenant": "acme"])
        #expect(response["identityId"] == "us-east-1:identity")

        let failID = server.enqueue(Array(#"{"raise":true}"#.utf8))
        guard case .error(let errorBody, _) = await server.result(for: failID) else {
            Issue.record("expected an error result")
            await server.shutdown()
            return
        }
        let error = try JSONValue(parsing: errorBody)
        #expect(error["errorType"] == "ValueError")
        #expect(error["errorMessage"] == "asked to fail")
        #expect(error["requestId"]?.stringValue == failID)

        let requests = server.requests
        let nexts = requests.filter { $0.method == "GET" && $0.path == "/2018-06-01/runtime/invocation/next" }
        #expect(nexts.count >= 2)
        #expect(nexts.allSatisfy { $0.header("user-agent")?.hasPrefix("aws-lambda-python/") == true })
        let posts = requests.filter { $0.method == "POST" }
        #expect(
            posts.map(\.path) == [
                "/2018-06-01/runtime/invocation/\(okID)/response", "/2018-06-01/runtime/invocation/\(failID)/error",
            ]
        )
        #expect(posts.allSatisfy { $0.header("content-type") == "application/json" })
        // Posting again for an answered id is refused, as the real API does.
        #expect(!requests.contains { $0.path.hasSuffix("/init/error") })
        await server.shutdown()
    }
}
