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

    /// Starts a moto server, runs moto_deploy.py with `stacks` (`NAME=FILE[@true]`, files under infra/templates/)
    /// and returns its JSON.
    static func deploy(_ stacks: [String]) async throws -> JSONValue {
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
        let templates = RepositoryPaths.infra.appendingPathComponent("templates").path
        let run = try await runCommand(
            python,
            [
                RepositoryPaths.root.appendingPathComponent("Tests/CFNTemplatesTests/moto_deploy.py").path,
                "--endpoint", endpoint,
            ] + stacks.map { $0.replacingOccurrences(of: "=", with: "=\(templates)/") },
            timeout: 240
        )
        await server.terminate()
        try #require(run.status == 0, "moto_deploy.py failed: \(run.stderr)")
        return try JSONValue(parsing: Array(run.stdout.utf8))
    }

    @Test func rolesAndStackDeployWithTheExactTrustDocuments() async throws {
        let result = try await Self.deploy([
            "etl=etl-reader.role.json", "analytics=analytics-app.role.json", "worker=queue-worker.stack.json",
        ])
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
        #expect(sids == ["Logs", "ModalToken", "ModalTokenKey", "Queue", "AsyncFailureDestination"])
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
            [
                "function": "ProcessJobFunction", "batchSize": 100,
                "functionResponseTypes": ["ReportBatchItemFailures"],
                "scalingConfig": .null,
            ]
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

/// The provider made once per account and reused (issue 14 §4), and the production switches, on moto.
@Suite("moto deploy: provider reuse and production switches")
struct MotoProviderReuseTests {
    static let provider = MotoDeployTests.provider

    /// The provider exists (made through moto's IAM API); a role stack with CreateOIDCProvider=true and then role,
    /// provider and stack templates with false: every Federated principal of every role is that provider's ARN,
    /// and there is still exactly one provider. moto skips AWS::IAM::OIDCProvider, so the `true` stack stands for
    /// "the stack that owns the provider" only as far as its role's trust goes (its OIDCProviderArn output vanishes).
    @Test func everyRoleTrustsTheOneProvider() async throws {
        let result = try await MotoDeployTests.deploy([
            "owner=analytics-app.role.json@true", "provider=oidc-provider.json", "role=etl-reader.role.json",
            "prod=production.stack.json",
        ])
        #expect(result["providers"] == [.string(Self.provider)])
        var principals = 0
        for name in ["owner", "role", "prod"] {
            let stack = try #require(result[path: "stacks", name])
            #expect(stack["status"] == "CREATE_COMPLETE", "\(name)")
            for principal in stack["federated"]?.arrayValue ?? [] {
                #expect(principal == .string(Self.provider), "\(name): \(principal)")
                principals += 1
            }
        }
        #expect(principals == 4)
        // The provider template with CreateOIDCProvider=false deploys and creates nothing real: its no-op
        // WaitConditionHandle (which CloudFormation needs and moto does not list) is checked in TemplateModelTests.
        let provider = try #require(result[path: "stacks", "provider"])
        #expect(provider["status"] == "CREATE_COMPLETE")
        #expect(provider["resources"] == [:])
    }

    @Test func productionSwitchesAreWhatAWSHolds() async throws {
        let result = try await MotoDeployTests.deploy(["prod=production.stack.json"])
        let stack = try #require(result[path: "stacks", "prod"])
        #expect(stack["status"] == "CREATE_COMPLETE")
        // Reserved concurrency and the SQS cap.
        #expect(stack[path: "functions", "IngestFunction", "reservedConcurrency"] == 20)
        #expect(stack[path: "functions", "DigestFunction", "reservedConcurrency"] == 2)
        #expect(stack["eventSourceMappings"]?[0]?["scalingConfig"] == ["MaximumConcurrency": 10])
        // The FIFO queue, its FIFO dead-letter queue, and the standard failure queues.
        for queue in ["IngestQueue", "IngestDeadLetterQueue"] {
            #expect(stack[path: "queues", queue, "FifoQueue"] == "true", "\(queue)")
            #expect(stack[path: "queues", queue, "ContentBasedDeduplication"] == "true", "\(queue)")
            #expect(stack[path: "queues", queue, "QueueArn"]?.stringValue?.hasSuffix(".fifo") == true, "\(queue)")
        }
        for queue in ["IngestAsyncFailureQueue", "DigestAsyncFailureQueue"] {
            #expect(stack[path: "queues", queue, "QueueArn"] != nil, "\(queue)")
            #expect(stack[path: "queues", queue, "FifoQueue"] != "true", "\(queue)")
        }
        // The execution role may send to its own failure queue only.
        let statements =
            stack[path: "roles", "IngestExecutionRole", "policies", "ModalBridgeRuntime", "Statement"]?
            .arrayValue ?? []
        let failure = statements.first { $0["Sid"] == "AsyncFailureDestination" }
        #expect(failure?["Action"] == "sqs:SendMessage")
        #expect(failure?["Resource"] == stack[path: "queues", "IngestAsyncFailureQueue", "QueueArn"])
        // The existing bucket's EventBridge rule targets the function and matches only that bucket and prefix.
        let rule = try #require(stack[path: "rules", "IngestBucketRule"])
        #expect(rule["targets"] == [stack[path: "outputs", "IngestFunctionArn"] ?? .null])
        #expect(rule["matches"] == ["another-bucket": false, "incoming/a.json": true, "other/a.json": false])
        #expect(stack[path: "rules", "DigestScheduleRule", "scheduleExpression"] == "cron(0 6 ? * MON-FRI *)")
        // The Modal role of the Digest.send target trusts the class service.
        let digestTrust = stack[path: "roles", "DigestModalRole", "trust", "Statement"]?[0]
        #expect(
            digestTrust?[path: "Condition", "StringLike", "oidc.modal.com:sub"] == [
                "modal:workspace_id:ac-7f3kQ2mZ9xLpWq:environment_name:prod:app_name:reports:function_name:Digest.${*}:container_id:*"
            ]
        )
    }

    /// The stream sources (issue 12 §3): moto checks that a mapping's stream exists, so the helper creates the
    /// Kinesis stream and the DynamoDB table first (a DynamoDB stream ARN ends in its creation time: the template's
    /// literal ARN is replaced by moto's everywhere it occurs). Lambda's mappings and IAM's role documents are read back.
    @Test func streamMappingsAndTheirGrantsAreWhatAWSHolds() async throws {
        let result = try await MotoDeployTests.deploy(["streams=stream-consumer.stack.json"])
        let stack = try #require(result[path: "stacks", "streams"])
        #expect(stack["status"] == "CREATE_COMPLETE")
        let kinesisARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clickstream"
        let dynamoARN = try #require(
            stack[path: "streams"]?[
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-28T09:00:00.000"
            ]
        )
        let mappings = stack["eventSourceMappings"]?.arrayValue ?? []
        #expect(mappings.count == 2)
        let clicks = try #require(mappings.first { $0["function"] == "ClicksFunction" })
        let failureQueue = try #require(stack[path: "queues", "ClicksKinesisFailureQueue", "QueueArn"])
        #expect(clicks["batchSize"] == 200)
        #expect(clicks["functionResponseTypes"] == ["ReportBatchItemFailures"])
        #expect(
            clicks["stream"]
                == [
                    "BisectBatchOnFunctionError": true,
                    "DestinationConfig": ["OnFailure": ["Destination": failureQueue]],
                    "EventSourceArn": .string(kinesisARN), "MaximumRecordAgeInSeconds": 3_600,
                    "MaximumRetryAttempts": 5, "ParallelizationFactor": 4, "StartingPosition": "LATEST",
                    "State": "Enabled",
                ]
        )
        let orders = try #require(mappings.first { $0["function"] == "OrdersFunction" })
        let topic = "arn:aws:sns:us-east-1:123456789012:order-stream-failures"
        #expect(orders["batchSize"] == 50)
        #expect(orders["functionResponseTypes"] == ["ReportBatchItemFailures"])
        #expect(
            orders["stream"]
                == [
                    "BisectBatchOnFunctionError": false,
                    "DestinationConfig": ["OnFailure": ["Destination": .string(topic)]], "EventSourceArn": dynamoARN,
                    "MaximumRecordAgeInSeconds": 86_400, "MaximumRetryAttempts": 10, "ParallelizationFactor": 1,
                    "StartingPosition": "TRIM_HORIZON", "State": "Enabled",
                ]
        )
        // Each execution role reads its own stream and sends to its own destination, nothing else.
        func grants(_ role: String) -> [String: JSONValue] {
            let statements =
                stack[path: "roles", role, "policies", "ModalBridgeRuntime", "Statement"]?.arrayValue ?? []
            return Dictionary(
                uniqueKeysWithValues: statements.compactMap { statement in
                    statement["Sid"]?.stringValue.map { ($0, statement) }
                }
            )
        }
        let clickGrants = grants("ClicksExecutionRole")
        #expect(clickGrants.keys.sorted() == ["KinesisFailureDestination", "KinesisStream", "Logs", "ModalToken"])
        #expect(clickGrants["KinesisStream"]?["Resource"] == .string(kinesisARN))
        #expect(clickGrants["KinesisStream"]?["Action"]?.arrayValue?.count == 6)
        #expect(clickGrants["KinesisFailureDestination"]?["Action"] == "sqs:SendMessage")
        #expect(clickGrants["KinesisFailureDestination"]?["Resource"] == failureQueue)
        let orderGrants = grants("OrdersExecutionRole")
        #expect(orderGrants.keys.sorted() == ["DynamoDBFailureDestination", "DynamoDBStream", "Logs", "ModalToken"])
        #expect(orderGrants["DynamoDBStream"]?["Resource"] == dynamoARN)
        #expect(orderGrants["DynamoDBFailureDestination"]?["Action"] == .string("sns:Publish"))
        #expect(orderGrants["DynamoDBFailureDestination"]?["Resource"] == .string(topic))
        for function in ["ClicksFunction", "OrdersFunction"] {
            #expect(
                stack[path: "functions", function, "environment", "MODAL_BRIDGE_DISPATCH_MODE"] == "record",
                "\(function)"
            )
        }
        #expect(stack[path: "functions", "ClicksFunction", "reservedConcurrency"] == 10)
    }
}
