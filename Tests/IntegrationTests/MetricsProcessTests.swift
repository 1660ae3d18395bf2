import Foundation
import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// The real `bootstrap`'s metric lines (`MODAL_BRIDGE_METRICS=emf`) against moto, the Modal test server and the
/// local Runtime API: valid EMF by the specification's schema (Tests/python/emf_schema.py), the right counts, no
/// secret, in both log formats; none when metrics are off.
@Suite(.bridgeEnvironment, .serialized) struct MetricsProcessTests {
    private static let batch: JSONValue = [
        "Records": .array(
            ["ok-1", "please FAIL", "ok-2"].enumerated().map { index, body in
                [
                    "messageId": .string("m-\(index)"), "receiptHandle": "rh", "body": .string(body), "attributes": [:],
                    "messageAttributes": [:], "md5OfBody": "x", "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders", "awsRegion": "us-east-1",
                ]
            }
        )
    ]

    private func environment() throws -> BridgeEnvironment {
        try #require(BridgeEnvironment.current)
    }

    /// The lines of `output` that are EMF documents (JSON objects with `_aws`).
    private func metricLines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { line in
            line.hasPrefix("{") && (try? JSONValue(parsing: line))?["_aws"] != nil
        }
    }

    /// Runs the specification's schema and reference rules over `lines`; records an issue per invalid line.
    private func expectValidEMF(_ lines: [String]) async throws {
        let validator = RepositoryPaths.root.appendingPathComponent("Tests/python/emf_schema.py")
        let result = try await runCommand(
            RepositoryPaths.python,
            [validator.path],
            stdin: Data((lines.joined(separator: "\n") + "\n").utf8),
            timeout: 60
        )
        let reports = try result.stdout.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(reports.count == lines.count, "validator stderr: \(result.stderr)")
        for (line, report) in zip(lines, reports) {
            #expect(report["valid"] == true, "\(report["problems"]?.serializedString() ?? "?"): \(line)")
        }
        #expect(result.status == 0)
    }

    @Test(arguments: ["JSON", "Text"])
    func aBatchWithOneFailureGivesOneValidLinePerInvocation(format: String) async throws {
        let environment = try environment()
        let runtime = try await environment.runtime(
            environment.lambdaEnvironment(
                function: "fail_marked",
                pattern: "remote",
                mode: "record",
                extra: [
                    "MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_METRICS_NAMESPACE": "Acme/Bridge",
                    "AWS_LAMBDA_FUNCTION_NAME": "orders-bridge", "AWS_LAMBDA_LOG_FORMAT": format,
                ]
            )
        )
        for _ in 0..<2 {
            guard case .response(let body) = await runtime.invoke(Self.batch.serialized()) else {
                Issue.record("expected a partial batch response")
                await runtime.stop()
                return
            }
            #expect(try JSONValue(parsing: body) == ["batchItemFailures": [["itemIdentifier": "m-1"]]])
        }
        await runtime.stop()  // checks the secret hygiene of everything the process printed
        let lines = metricLines(runtime.process.stdout)
        try #require(lines.count == 2, "one metric line per invocation: \(runtime.process.stdout)")
        expectNoSecrets(in: lines.joined(separator: "\n"), secrets: runtime.secrets, "metric lines")
        try await expectValidEMF(lines)

        let documents = try lines.map { try JSONValue(parsing: $0) }
        for (index, document) in documents.enumerated() {
            let directive = try #require(document["_aws"]?["CloudWatchMetrics"]?[0])
            #expect(directive["Namespace"] == "Acme/Bridge")
            #expect(directive["Dimensions"]?.arrayValue?.contains(["FunctionName"]) == true)
            #expect(directive["Metrics"]?.arrayValue?.contains(["Name": "RecordsFailed", "Unit": "Count"]) == true)
            #expect(document["FunctionName"] == "orders-bridge")
            #expect(document["Source"] == "sqs")
            #expect(document["Call"] == "remote")
            #expect(document["Mode"] == "record")
            #expect(document["RecordsProcessed"] == 3)
            #expect(document["RecordsFailed"] == 1)
            #expect(document["RecordsSkipped"] == 0)
            #expect(document["ModalCalls"] == 3)
            #expect(document["ModalCallsFailed"] == 1)
            #expect(document["ModalCallDuration"]?.arrayValue?.count == 3)
            #expect((document["InvocationDuration"]?.numberValue?.doubleValue ?? 0) > 0)
            #expect(document["ColdStart"] == .integer(index == 0 ? 1 : 0), "cold start on the first invocation only")
            // The token is read from Secrets Manager once, by the first invocation, then cached.
            #expect(document["TokenFetches"] == .integer(index == 0 ? 1 : 0))
            #expect(document["TokenRefreshes"] == 0)
            if format == "JSON" {
                #expect(document["level"] == "INFO")
                #expect(document["timestamp"]?.stringValue?.hasSuffix("Z") == true)
            } else {
                #expect(document["level"] == nil)
            }
            for payload in ["ok-1", "please FAIL", "m-0", "123456789012"] {
                #expect(!lines[index].contains(payload), "payload data (\(payload)) reached the metric line")
            }
        }
    }

    @Test func offByDefaultWritesNoMetricLine() async throws {
        let environment = try environment()
        var lambda = environment.lambdaEnvironment(function: "echo", pattern: "remote", mode: "record")
        lambda["AWS_LAMBDA_FUNCTION_NAME"] = "orders-bridge"
        let runtime = try await environment.runtime(lambda)
        guard case .response = await runtime.invoke(Self.batch.serialized()) else {
            Issue.record("expected a response")
            await runtime.stop()
            return
        }
        let output = await runtime.stop()
        #expect(output.contains("records dispatched"), "the invocation ran and logged")
        #expect(metricLines(output).isEmpty)
        #expect(!output.contains("_aws"))
    }

    @Test func anUnknownSwitchValueFailsInitNamingTheVariable() async throws {
        let environment = try environment()
        var lambda = environment.lambdaEnvironment(function: "echo", pattern: "remote")
        lambda["MODAL_BRIDGE_METRICS"] = "on"
        let runtime = try await environment.runtime(lambda)
        #expect(await runtime.process.wait(timeout: 30) == 1)
        let initError = try #require(runtime.server.requests.first { $0.path.hasSuffix("/runtime/init/error") })
        #expect(initError.header("Lambda-Runtime-Function-Error-Type") == "Config.Invalid")
        #expect(initError.bodyText.contains("MODAL_BRIDGE_METRICS"))
        await runtime.stop()
    }
}
