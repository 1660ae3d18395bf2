import CFNTemplates
import Foundation
import JSON
import TestSupport
import Testing

/// The built `modal-bridge` binary: output, exit status and error text of the `cfn` commands.
@Suite("modal-bridge cfn (binary)")
struct CLISmokeTests {
    static func binary() throws -> URL {
        let url = RepositoryPaths.builtProduct("modal-bridge")
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "modal-bridge is not built at \(url.path): run `swift build --build-tests` (make test does)"
        )
        return url
    }

    @Test func roleFromFlagsMatchesTheLibrary() async throws {
        let run = try await runCommand(
            try Self.binary(),
            [
                "cfn", "role", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--function", "Model.*",
            ]
        )
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try RoleTemplate.make(
            try Inputs.roleSpec(function: ["bar", "Model.*"]),
            provider: .conditional(createByDefault: false)
        ).rendered()
        #expect(run.stdout == String(decoding: expected, as: UTF8.self))
    }

    @Test func invalidInputExitsWithThePreciseError() async throws {
        let run = try await runCommand(
            try Self.binary(),
            ["cfn", "role", "--workspace", "ac-1", "--environment", "main", "--app", "foo:x", "--function", "bar"]
        )
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "modal-bridge cfn role: error: --app: 'foo:x' \(ModalNameRules.colonRule)\n")
    }

    @Test func stackFromConfigWritesTheCommittedTemplate() async throws {
        let folder = try PythonTools.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("worker.json")
        let run = try await runCommand(
            try Self.binary(),
            [
                "cfn", "stack", "--config",
                RepositoryPaths.infra.appendingPathComponent("config/queue-worker.stack.json").path, "-o", output.path,
            ]
        )
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            try Data(contentsOf: output) == Data(try RepositoryPaths.read("infra/templates/queue-worker.stack.json"))
        )
    }

    /// The production switches given as flags make the same template as the same switches in a config file.
    @Test func switchFlagsMatchTheirConfigKeys() async throws {
        let folder = try PythonTools.temporaryFolder("switches")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("stack.json")
        try Data(
            #"""
            {"workspace": "ac-1", "environment": "main", "allowCrossAccount": true,
             "httpApi": {"auth": "jwt", "jwtIssuer": "https://idp.example.com/", "jwtAudience": ["a", "b"],
                         "throttlingBurstLimit": 5, "throttlingRateLimit": 2, "accessLogs": true},
             "functions": [{"app": "foo", "function": "bar", "reservedConcurrency": 8,
               "async": {"maximumRetryAttempts": 1, "maximumEventAge": 120,
                         "onFailureArn": "arn:aws:sns:us-east-1:123456789012:failed"},
               "events": {"sqs": {"fifo": true, "contentBasedDeduplication": true, "maximumConcurrency": 4},
                          "s3": {"existingBucket": "legacy", "prefix": "in/"}, "http": "POST /bar",
                          "functionUrl": {"auth": "none"}}}]}
            """#.utf8
        ).write(to: config)
        let fromConfig = try await runCommand(try Self.binary(), ["cfn", "stack", "--config", config.path])
        let fromFlags = try await runCommand(
            try Self.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--allow-cross-account", "--http-auth", "jwt", "--http-jwt-issuer", "https://idp.example.com/",
                "--http-jwt-audience", "a", "--http-jwt-audience", "b", "--http-throttling-burst-limit", "5",
                "--http-throttling-rate-limit", "2", "--http-access-logs", "--reserved-concurrency", "8",
                "--async-maximum-retry-attempts", "1", "--async-maximum-event-age", "120", "--async-on-failure-arn",
                "arn:aws:sns:us-east-1:123456789012:failed", "--sqs-fifo", "--sqs-content-based-deduplication",
                "--sqs-maximum-concurrency", "4", "--s3-existing-bucket", "legacy", "--s3-prefix", "in/",
                "--http-route", "POST /bar", "--function-url", "--function-url-auth", "none",
            ]
        )
        #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
        #expect(fromFlags.status == 0, "\(fromFlags.stderr)")
        #expect(fromFlags.stdout == fromConfig.stdout)
        #expect(fromFlags.stdout.contains("AWS::Lambda::EventInvokeConfig"))
    }

    /// The stream flags make the same template as the same keys in a config file (every setting of both streams).
    @Test func streamFlagsMatchTheirConfigKeys() async throws {
        let folder = try PythonTools.temporaryFolder("streams")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("stack.json")
        let kinesis = StreamSourceTests.kinesisARN
        let dynamo = StreamSourceTests.dynamoARN
        try Data(
            """
            {"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar",
               "events": {"kinesis": {"streamArn": "\(kinesis)", "startingPosition": "TRIM_HORIZON", "batchSize": 7,
                                      "parallelizationFactor": 3, "bisectBatchOnFunctionError": false,
                                      "maximumRetryAttempts": 0, "maximumRecordAge": 60,
                                      "onFailureArn": "arn:aws:sqs:us-east-1:123456789012:k"},
                          "dynamodb": {"streamArn": "\(dynamo)", "startingPosition": "LATEST", "batchSize": 9,
                                       "parallelizationFactor": 2, "bisectBatchOnFunctionError": true,
                                       "maximumRetryAttempts": -1, "maximumRecordAge": -1,
                                       "onFailureArn": "arn:aws:sns:us-east-1:123456789012:d"}}}]}
            """.utf8
        ).write(to: config)
        let fromConfig = try await runCommand(try Self.binary(), ["cfn", "stack", "--config", config.path])
        let fromFlags = try await runCommand(
            try Self.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--kinesis-stream-arn", kinesis, "--kinesis-starting-position", "TRIM_HORIZON",
                "--kinesis-batch-size", "7", "--kinesis-parallelization-factor", "3",
                "--no-kinesis-bisect-batch-on-function-error", "--kinesis-maximum-retry-attempts", "0",
                "--kinesis-maximum-record-age", "60", "--kinesis-on-failure-arn",
                "arn:aws:sqs:us-east-1:123456789012:k",
                "--dynamodb-stream-arn", dynamo, "--dynamodb-starting-position", "LATEST", "--dynamodb-batch-size", "9",
                "--dynamodb-parallelization-factor", "2", "--dynamodb-bisect-batch-on-function-error",
                "--dynamodb-maximum-retry-attempts", "-1", "--dynamodb-maximum-record-age", "-1",
                "--dynamodb-on-failure-arn", "arn:aws:sns:us-east-1:123456789012:d",
            ]
        )
        #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
        #expect(fromFlags.status == 0, "\(fromFlags.stderr)")
        #expect(fromFlags.stdout == fromConfig.stdout)
        let template = try JSONValue(parsing: Array(fromFlags.stdout.utf8))
        #expect(template[path: "Resources", "BarKinesisEventSourceMapping", "Properties", "BatchSize"] == 7)
        #expect(
            template[path: "Resources", "BarDynamoDBEventSourceMapping", "Properties", "MaximumRetryAttempts"] == -1
        )
    }

    @Test func invalidStreamSettingExitsWithOneLine() async throws {
        let run = try await runCommand(
            try Self.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--kinesis-stream-arn", StreamSourceTests.kinesisARN, "--kinesis-parallelization-factor", "11",
            ]
        )
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr
                == "modal-bridge cfn stack: error: --kinesis-parallelization-factor: '11' must be between 1 and 10 "
                + "(concurrent batches per shard)\n"
        )
    }

    @Test func configCannotBeMixedWithFlags() async throws {
        let run = try await runCommand(try Self.binary(), ["cfn", "role", "--config", "x.json", "--workspace", "ac-1"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--config cannot be combined with role options"))
    }

    @Test func helpListsTheCommandsAndFlags() async throws {
        let group = try await runCommand(try Self.binary(), ["cfn", "--help"])
        #expect(group.status == 0)
        for command in ["oidc-provider", "role", "stack", "CAPABILITY_NAMED_IAM"] {
            #expect(group.stdout.contains(command))
        }
        let stack = try await runCommand(try Self.binary(), ["cfn", "stack", "--help"])
        let flags = [
            "--sqs", "--s3-prefix", "--http-route", "--schedule", "--modal-s3-read", "--allow-large-template",
            "--s3-existing-bucket", "--sqs-fifo", "--sqs-content-based-deduplication", "--sqs-maximum-concurrency",
            "--reserved-concurrency", "--function-url", "--function-url-auth", "--async-maximum-retry-attempts",
            "--async-maximum-event-age", "--async-on-failure-arn", "--http-auth", "--http-jwt-issuer",
            "--http-jwt-audience", "--http-throttling-burst-limit", "--http-throttling-rate-limit",
            "--http-access-logs",
            "--allow-cross-account",
        ]
        for flag in flags {
            #expect(stack.stdout.contains(flag), "cfn stack --help lacks \(flag)")
        }
    }
}

/// Output errors of the binary (issue 14 §1): one line, exit 65, no raw Foundation error.
@Suite("modal-bridge cfn output errors (binary)")
struct CLIOutputErrorTests {
    @Test func outputIntoAMissingFolderIsOneLine() async throws {
        let folder = try PythonTools.temporaryFolder("missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("no/such/folder/provider.json").path
        let run = try await runCommand(try CLISmokeTests.binary(), ["cfn", "oidc-provider", "-o", target])
        #expect(run.status == 65)
        #expect(
            run.stderr
                == "modal-bridge cfn oidc-provider: error: --output: '\(target)' cannot be written: the folder "
                + "'\(folder.path)/no/such/folder' does not exist\n"
        )
    }

    @Test func partialSecretARNIsRefusedByTheBinary() async throws {
        let run = try await runCommand(
            try CLISmokeTests.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--secret-arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:tok",
            ]
        )
        #expect(run.status == 65)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("modal-bridge cfn stack: error: --secret-arn: 'arn:aws:secretsmanager:"))
        #expect(run.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test(arguments: ["cron(0 3 * * * *)", "cron(99 99 * * ? *)", "rate(0 minutes)"])
    func invalidScheduleIsRefusedByTheBinary(_ expression: String) async throws {
        let run = try await runCommand(
            try CLISmokeTests.binary(),
            [
                "cfn", "stack", "--workspace", "ac-1", "--environment", "main", "--app", "foo", "--function", "bar",
                "--schedule", expression,
            ]
        )
        #expect(run.status == 65, "\(expression) was accepted")
        #expect(run.stderr.hasPrefix("modal-bridge cfn stack: error: --schedule: '\(expression)' "))
    }
}
