import Foundation
import JSON
import SecretsManager
import TestSupport
import Testing

/// The default endpoints agree with what the pinned botocore resolves (its endpoint rules and `partitions.json`)
/// for every region it knows, plus unknown ones, with and without FIPS.
@Suite("Secrets Manager endpoints against botocore")
struct BotocoreEndpointTests {
    @Test func defaultEndpointsMatchBotocore() async throws {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "Python test venv missing at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)"
        )
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("botocore_endpoints.py")
        let result = try await runCommand(python, [script.path], timeout: 120)
        try #require(result.status == 0, "botocore_endpoints.py failed: \(result.stderr)")
        let endpoints = try #require(try JSONValue(parsing: result.stdout).objectValue)
        try #require(endpoints.count >= 60)
        for (key, value) in endpoints {
            let parts = key.split(separator: " ")
            let endpoint = SecretsManagerConfiguration.defaultEndpoint(
                region: String(parts[0]),
                useFIPS: parts[1] == "true"
            )
            #expect("\(endpoint.scheme)://\(endpoint.hostHeader)" == value.stringValue, "\(key)")
        }
    }
}
