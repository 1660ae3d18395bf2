import Foundation
import JSON
import SigV4
import TestSupport
import Testing

/// Differential test: `scripts/sigv4_vectors.py` signs ≥ 500 random requests with the pinned botocore (time frozen
/// per case) into a temporary file on every run; each case must give the same canonical request, string to sign and
/// `Authorization` here. The seed changes per run and is printed with any failure, so a mismatch can be replayed
/// with `.venv/bin/python scripts/sigv4_vectors.py --seed N --output cases.json`.
@Suite("SigV4 against botocore")
struct BotocoreDifferentialTests {
    @Test func randomRequestsMatchBotocore() async throws {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "Python test venv missing at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)"
        )
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sigv4-vectors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("cases.json")
        let seed = UInt32.random(in: 0...UInt32.max)
        let script = RepositoryPaths.scripts.appendingPathComponent("sigv4_vectors.py").path
        let result = try await runCommand(
            python,
            [script, "--count", "600", "--seed", String(seed), "--output", output.path],
            timeout: 300
        )
        try #require(result.status == 0, "sigv4_vectors.py failed (seed \(seed)): \(result.stderr)")

        let document = try JSONValue(parsing: Array(try Data(contentsOf: output)))
        let cases = try #require(document["cases"]?.arrayValue)
        try #require(cases.count >= 500)
        var signers: [String: SigV4Signer] = [:]  // one per credentials/region/service: the key cache spans days
        var mismatches = 0
        for item in cases {
            let vector = try SigningVector(item)
            let signerKey = [
                vector.credentials.accessKeyID, vector.credentials.secretAccessKey,
                vector.credentials.sessionToken ?? "", vector.region, vector.service,
            ].joined(separator: "\u{0}")
            let signer =
                signers[signerKey]
                ?? SigV4Signer(credentials: vector.credentials, region: vector.region, service: vector.service)
            signers[signerKey] = signer
            let signature = signer.sign(vector.request, at: vector.time)
            let context = "seed \(seed) case \(vector.index)"
            #expect(signature.amzDate == vector.amzDate, "\(context)")
            #expect(signature.canonicalRequest == vector.canonicalRequest, "\(context)")
            #expect(signature.stringToSign == vector.stringToSign, "\(context)")
            #expect(signature.authorization == vector.authorization, "\(context)")
            if signature.authorization != vector.authorization { mismatches += 1 }
            if mismatches > 10 { break }
        }
        #expect(signers.count < cases.count, "credentials should repeat so cached signing keys are reused")
    }
}

/// One case of `sigv4_vectors.py` output.
private struct SigningVector {
    var index: Int
    var request: SigV4Request
    var credentials: SigningCredentials
    var region: String
    var service: String
    var time: SigV4Timestamp
    var amzDate: String
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String

    struct Malformed: Error, CustomStringConvertible {
        var field: String
        var description: String { "malformed vector field \(field)" }
    }

    init(_ value: JSONValue) throws {
        func string(_ key: String) throws -> String {
            guard let text = value[key]?.stringValue else { throw Malformed(field: key) }
            return text
        }
        func pairs(_ key: String) throws -> [(name: String, value: String)] {
            guard let array = value[key]?.arrayValue else { throw Malformed(field: key) }
            return try array.map { pair in
                guard let name = pair[0]?.stringValue, let text = pair[1]?.stringValue else {
                    throw Malformed(field: key)
                }
                return (name: name, value: text)
            }
        }
        guard let index = value["index"]?.numberValue?.int64Value,
            let seconds = value["epoch_seconds"]?.numberValue?.int64Value,
            let body = Data(base64Encoded: try string("body_base64"))
        else { throw Malformed(field: "index/epoch_seconds/body_base64") }
        let port = value["port"]?.numberValue?.int64Value.map { Int($0) }
        self.index = Int(index)
        self.request = SigV4Request(
            method: try string("method"),
            host: SigV4Canonical.hostHeader(scheme: try string("scheme"), host: try string("host"), port: port),
            path: try string("path"),
            query: try pairs("query"),
            headers: try pairs("headers"),
            body: Array(body)
        )
        self.credentials = SigningCredentials(
            accessKeyID: try string("access_key_id"),
            secretAccessKey: try string("secret_access_key"),
            sessionToken: value["session_token"]?.stringValue
        )
        self.region = try string("region")
        self.service = try string("service")
        self.time = SigV4Timestamp(secondsSinceEpoch: seconds)
        self.amzDate = try string("amz_date")
        self.canonicalRequest = try string("canonical_request")
        self.stringToSign = try string("string_to_sign")
        self.authorization = try string("authorization")
    }
}
