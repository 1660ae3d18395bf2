import Foundation
import JSON
import TestSupport
import Testing

/// Deploys the committed `infra/` role and stack templates to a moto server (pinned) and reads back what IAM and
/// Lambda hold. moto skips `AWS::IAM::OIDCProvider` (a `Ref` to it would resolve to nothing), so the helper
/// creates the provider through the IAM API first and deploys with `CreateOIDCProvider=false`; the provider path is
/// covered by cfn-lint and the unit tests.
@Suite("moto deploy")
struct MotoDeployTests {
    static let provider = "arn:aws:iam::123456789012:oidc-provider/oidc.modal.com"

    @Test func rolesAndStackDeployWithTheExactTrustDocuments() async throws {
        let python = try PythonTools.interpreter()
        let server = try ChildProcess(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"])
        defer { server.kill() }
        var port: String?
        let started = await server.waitForOutput(timeout: 60) { stdout, stderr in
            port = Self.port(in: stdout + stderr)
            return port != nil
        }
        try #require(started, "moto_server did not start: \(server.stderr)")
        let endpoint = "http://127.0.0.1:\(try #require(port))"
        let templates = RepositoryPaths.infra.appendingPathComponent("templates")
        let run = try await runCommand(
            python,
            [
                RepositoryPaths.root.appendingPathComponent("Tests/CFNTemplatesTests/moto_deploy.py").path,
                "--endpoint", endpoint,
                "etl=\(templates.appendingPathComponent("etl-reader.role.json").path)",
                "analytics=\(templates.appendingPathComponent("analytics-app.role.json").path)",
                "worker=\(templates.appendingPathComponent("queue-worker.stack.json").path)",
            ],
            timeout: 240
        )
        await server.terminate()
        try #require(run.status == 0, "moto_deploy.py failed: \(run.stderr)")
        let result = try JSONValue(parsing: Array(run.stdout.utf8))
        #expect(result["provider"] == .string(Self.provider))
        try checkETLRole(try #require(result[path: "stacks", "etl"]))
        try checkAnalyticsRole(try #require(result[path: "stacks", "analytics"]))
        try checkWorkerStack(try #require(result[path: "stacks", "worker"]))
    }

    private func checkETLRole(_ stack: JSONValue) throws {
        #expect(stack["status"] == "CREATE_COMPLETE")
        let role = try #require(stack[path: "roles", "ModalRole"])
        let expected = try JSONValue.parse(
            """
            {"Version": "2012-10-17", "Statement": [{"Sid": "ModalOIDC", "Effect": "Allow",
              "Principal": {"Federated": "\(Self.provider)"}, "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringEquals": {"oidc.modal.com:aud": "oidc.modal.com"},
                "StringLike": {"oidc.modal.com:sub": [
                  "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:main:app_name:etl:function_name:extract:container_id:*",
                  "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:main:app_name:etl:function_name:Loader.${*}:container_id:*"]}}}]}
            """
        )
        #expect(role["trust"]?.serializedString(.prettySorted) == expected.serializedString(.prettySorted))
        #expect(role["name"] == "modal-etl-reader")
        #expect(role["path"] == "/modal/")
        #expect(
            role["tags"]?.serializedString(.prettySorted)
                == (["managed-by": "modal-bridge", "team": "data"] as JSONValue).serializedString(.prettySorted)
        )
        #expect(
            role[path: "policies", "ModalS3Access", "Statement"]?[0]?["Resource"]
                == "arn:aws:s3:::raw-data-bucket/incoming/*"
        )
        #expect(stack[path: "outputs", "RoleArn"] == "arn:aws:iam::123456789012:role/modal/modal-etl-reader")
        #expect(stack[path: "outputs", "OIDCProviderArn"] == .string(Self.provider))
    }

    private func checkAnalyticsRole(_ stack: JSONValue) throws {
        #expect(stack["status"] == "CREATE_COMPLETE")
        let trust = try #require(stack[path: "roles", "ModalRole", "trust"])
        #expect(trust["Statement"]?[0]?[path: "Principal", "Federated"] == .string(Self.provider))
        #expect(
            trust["Statement"]?[0]?[path: "Condition", "StringLike", "oidc.modal.com:sub"]
                == [
                    "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:prod:app_name:analytics:function_name:*",
                    "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:prod:app_name:analytics-backfill:function_name:*",
                ]
        )
        #expect(stack[path: "roles", "ModalRole", "maxSessionDuration"] == 14_400)
        // moto attaches AWS-managed policies only when it loads them (MOTO_IAM_LOAD_MANAGED_POLICIES): not checked here.
    }

    private func checkWorkerStack(_ stack: JSONValue) throws {
        #expect(stack["status"] == "CREATE_COMPLETE")
        let expectedTrust = try JSONValue.parse(
            """
            {"Version": "2012-10-17", "Statement": [{"Sid": "ModalOIDC", "Effect": "Allow",
              "Principal": {"Federated": "\(Self.provider)"}, "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {"StringEquals": {"oidc.modal.com:aud": "oidc.modal.com"},
                "StringLike": {"oidc.modal.com:sub": [
                  "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:main:app_name:jobs:function_name:process_job:container_id:*"]}}}]}
            """
        )
        let modalRole = try #require(stack[path: "roles", "ProcessJobModalRole"])
        #expect(modalRole["trust"]?.serializedString(.prettySorted) == expectedTrust.serializedString(.prettySorted))
        #expect(modalRole["name"] == "modal-jobs-process-job")
        let modalResources = (modalRole[path: "policies", "ModalS3Access", "Statement"]?.arrayValue ?? []).map {
            $0["Resource"]
        }
        #expect(
            modalResources
                == [
                    "arn:aws:s3:::jobs-input-123456789012/*", "arn:aws:s3:::jobs-input-123456789012",
                    "arn:aws:s3:::jobs-results-bucket/results/*", "arn:aws:s3:::jobs-results-bucket",
                ]
        )
        let execution = try #require(stack[path: "roles", "ProcessJobExecutionRole"])
        let lambdaTrust: JSONValue = [
            "Version": "2012-10-17",
            "Statement": [
                ["Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"], "Action": "sts:AssumeRole"]
            ],
        ]
        #expect(execution["trust"]?.serializedString(.prettySorted) == lambdaTrust.serializedString(.prettySorted))
        let sids = (execution[path: "policies", "ModalBridgeRuntime", "Statement"]?.arrayValue ?? []).map { $0["Sid"] }
        #expect(sids == ["Logs", "ModalToken", "ModalTokenKey", "Queue"])
        let function = try #require(stack[path: "functions", "ProcessJobFunction"])
        #expect(function["runtime"] == "provided.al2023")
        #expect(function["handler"] == "bootstrap")
        #expect(function["architectures"] == ["x86_64"])
        #expect(function["role"]?.stringValue?.contains("ProcessJobExecutionRole") == true)
        let environment: JSONValue = [
            "MODAL_APP_NAME": "jobs", "MODAL_BRIDGE_DISPATCH_MODE": "record", "MODAL_ENVIRONMENT_NAME": "main",
            "MODAL_FUNCTION_NAME": "process_job", "MODAL_INTEGRATION_PATTERN": "spawn",
            "MODAL_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:modal-bridge/token-AbCdEf",
            "PARAMETERS": "{}",
        ]
        #expect(function["environment"]?.serializedString(.prettySorted) == environment.serializedString(.prettySorted))
        let mappings: JSONValue = [
            ["function": "ProcessJobFunction", "batchSize": 100, "functionResponseTypes": ["ReportBatchItemFailures"]]
        ]
        #expect(
            stack["eventSourceMappings"]?.serializedString(.prettySorted) == mappings.serializedString(.prettySorted)
        )
    }

    /// The port from werkzeug's "Running on http://127.0.0.1:PORT" line.
    static func port(in output: String) -> String? {
        guard let range = output.range(of: "Running on http://127.0.0.1:") else { return nil }
        let digits = output[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}
