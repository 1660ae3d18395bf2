import JSON
import Logging
import ModalClient
import TestSupport
import Testing

/// spawn and remote against the Python Modal test server: results, the wire (headers, requests) as the server logged
/// it, blobs in both directions, the input plane, caching.
@Suite("ModalClient calls against the Modal test server")
struct ModalClientCallTests {
    typealias H = ModalClientHarness

    @Test func remoteAndSpawnWithTheGoHeaderSet() async throws {
        try await H.with { harness in
            let payload: JSONValue = ["a": 1, "b": [true, nil, 1.5, -0.0], "text": "héllo ✓", "big": 12_345_678_901]
            let params: JSONValue = ["p": "x", "n": 2.0]
            let value = try await harness.client.remote(
                H.function("echo"),
                arguments: try H.arguments(payload, params),
                deadline: H.deadline(),
                logger: .init(label: "t")
            )
            #expect(value == ["args": [payload, params], "kwargs": [:]])
            let callID = try await harness.spawn("echo", ["spawned": true])
            #expect(callID.hasPrefix("fc-"))

            let records = try await harness.server.records()
            let methods = records.map(\.method)
            #expect(methods.filter { $0 == "AuthTokenGet" }.count == 1, "the JWT is cached: \(methods)")
            #expect(methods.filter { $0 == "FunctionGet" }.count == 1, "the lookup is cached: \(methods)")
            #expect(methods.filter { $0 == "FunctionMap" }.count == 2)
            for record in records {
                #expect(record.status == "OK")
                #expect(record.metadata["x-modal-client-type"] == "9")
                #expect(record.metadata["x-modal-client-version"] == "1.0.0")
                #expect(record.metadata["x-modal-libmodal-version"] == "modal-bridge-swift/1.0.0")
                #expect(record.metadata["x-modal-token-id"] == harness.server.tokenID)
                #expect(record.metadata["x-modal-token-secret"] == "<redacted>")
                #expect(record.metadata["x-retry-attempt"] == "0")
                #expect(record.metadata["x-idempotency-key"]?.count == 36)
                #expect((record.metadata["x-modal-auth-token"] == nil) == (record.method == "AuthTokenGet"))
            }
            #expect(Set(records.compactMap { $0.metadata["x-idempotency-key"] }).count == records.count)

            let maps = records.filter { $0.method == "FunctionMap" }
            #expect(maps[0].request?["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_SYNC")
            #expect(maps[1].request?["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_ASYNC")
            #expect(maps[0].request?["function_call_type"] == "FUNCTION_CALL_TYPE_UNARY")
            let input = maps[1].raw["inputs"]?[0]
            #expect(input?["data_format"] == "DATA_FORMAT_CBOR")
            #expect(input?["method_name"] == "")
            #expect(input?["args"] == [["spawned": true], [:]])
            #expect(input?["kwargs"] == [:])
            #expect(maps[1].response?["function_call_id"]?.stringValue == callID)

            let poll = try #require(records.first { $0.method == "FunctionGetOutputs" }?.request)
            #expect(poll["last_entry_id"] == "0-0")
            #expect(poll["clear_on_success"] == true)
            #expect(poll["max_values"] == 1)
            #expect(poll["input_jwts"]?.arrayValue?.count == 1)
            let timeout = try #require(poll["timeout"]?.numberValue?.doubleValue)
            #expect(timeout > 0 && timeout <= 55)
        }
    }

    @Test func resultsDecodeFromCBORToJSON() async throws {
        try await H.with { harness in
            let value = try await harness.remote("types", [:])
            #expect(value["int"] == 1)
            #expect(value["float"] == 1.0)
            #expect(value["nan"] == .null)
            #expect(value["infinity"] == .null)
            #expect(value["big"]?.numberValue?.text == "1180591620717411303424")
            #expect(value["bytes"] == "AP8=")
            #expect(value["decimal"]?.numberValue?.text == "1.25")
            #expect(value["uuid"] == "12345678-1234-5678-1234-567812345678")
            #expect(value["int_keys"] == ["1": "one"])
            #expect(value["text"] == "héllo ✓")
            #expect(try await harness.remote("restricted", ["r": 1]) == ["args": [["r": 1], [:]], "kwargs": [:]])
        }
    }

    @Test func remoteBlobInputAndBlobOutput() async throws {
        try await H.with { harness in
            let large = String(repeating: "x", count: 3 * 1024 * 1024)
            let value = try await harness.remote("echo", ["data": .string(large)])
            #expect(value["args"]?[0]?["data"]?.stringValue?.count == large.count)
            let records = try await harness.server.records()
            let methods = records.map(\.method)
            #expect(methods.contains("BlobCreate") && methods.contains("BlobGet"), "\(methods)")
            let put = try #require(records.first { $0.plane == "http" && $0.method == "PUT" })
            #expect(put.raw["status"] == 200)
            #expect(put.metadata["content-md5"] != nil)
            let create = try #require(records.first { $0.method == "BlobCreate" }?.request)
            #expect(create["content_md5"]?.stringValue == put.metadata["content-md5"])
            #expect(create["content_sha256_base64"]?.stringValue?.count == 44)
            let mapInput = try #require(records.first { $0.method == "FunctionMap" }?.request?["pipelined_inputs"]?[0])
            #expect(mapInput["input"]?["args_blob_id"]?.stringValue?.hasPrefix("bl-") == true)
            #expect(mapInput["input"]?["args"] == nil)
            #expect(records.contains { $0.plane == "http" && $0.method == "GET" && $0.raw["status"] == 200 })
        }
    }

    @Test func spawnInputsOver8KiBUseABlobAndRemoteOnesDoNot() async throws {
        try await H.with { harness in
            let payload: JSONValue = ["data": .string(String(repeating: "s", count: 20 * 1024))]
            _ = try await harness.spawn("echo", payload)
            #expect(try await harness.server.records(of: "BlobCreate").count == 1)
            let value = try await harness.remote("echo", payload)
            #expect(value["args"]?[0] == payload)
            #expect(try await harness.server.records(of: "BlobCreate").count == 1, "20 KiB fits inline for remote")
        }
    }

    @Test func thresholdsFromTheFunctionMetadata() async throws {
        try await H.with(settings: ["max_object_size_bytes": 1000]) { harness in
            let value = try await harness.remote("echo", ["data": .string(String(repeating: "m", count: 2000))])
            #expect(value["args"]?[0]?["data"]?.stringValue?.count == 2000)
            #expect(try await harness.server.records(of: "BlobCreate").count == 1)
            #expect(try await harness.server.records(of: "BlobGet").count == 1, "the 2000-byte output is a blob too")
        }
    }

    @Test func bigOutputIsDownloaded() async throws {
        try await H.with { harness in
            let value = try await harness.remote("big", ["size": 2_500_000])
            #expect(value.stringValue?.count == 2_500_000)
            #expect(try await harness.server.records(of: "BlobGet").count == 1)
        }
    }

    @Test func inputPlaneFunction() async throws {
        try await H.with { harness in
            let value = try await harness.remote("echo", app: "ip-app", ["via": "input plane"])
            #expect(value == ["args": [["via": "input plane"], [:]], "kwargs": [:]])
            let records = try await harness.server.records()
            #expect(!records.contains { $0.method == "FunctionMap" })
            let attempts = records.filter { $0.plane == "input" }
            #expect(attempts.map(\.method).first == "AttemptStart")
            #expect(attempts.contains { $0.method == "AttemptAwait" })
            for record in attempts {
                #expect(record.status == "OK")
                #expect(record.metadata["x-modal-input-plane-region"] == "us-east")
                #expect(record.metadata["x-modal-auth-token"] != nil)
                #expect(record.metadata["x-modal-client-type"] == "9")
            }
            let awaitRequest = try #require(attempts.first { $0.method == "AttemptAwait" }?.request)
            #expect((awaitRequest["timeout_secs"]?.numberValue?.doubleValue ?? 0) > 0)
            let big = try await harness.remote("big", app: "ip-app", ["size": 3_000_000])
            #expect(big.stringValue?.count == 3_000_000)
        }
    }

    @Test func putInputsFallbackWhenMapCarriesNoPipelinedInput() async throws {
        try await H.with(settings: ["pipelined_inputs": false]) { harness in
            #expect(try await harness.remote("echo", ["q": 1]) == ["args": [["q": 1], [:]], "kwargs": [:]])
            _ = try await harness.spawn("echo", ["q": 2])
            #expect(try await harness.server.records(of: "FunctionPutInputs").count == 2)
        }
    }

    @Test func lookupIsRepeatedAfterNotFoundFromFunctionMap() async throws {
        try await H.with { harness in
            _ = try await harness.remote("echo", ["warm": 1])
            try await harness.server.addFault(code: "NOT_FOUND", methods: ["FunctionMap"], message: "redeployed")
            #expect(try await harness.remote("echo", ["n": 2]) == ["args": [["n": 2], [:]], "kwargs": [:]])
            let methods = try await harness.server.records().map(\.method).filter { $0 != "FunctionGetOutputs" }
            #expect(
                methods == ["AuthTokenGet", "FunctionGet", "FunctionMap", "FunctionMap", "FunctionGet", "FunctionMap"]
            )
        }
    }
}
