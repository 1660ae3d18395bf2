import Foundation
import JSON
import ModalProto
import SwiftProtobuf
import Testing

/// The trimmed proto (Sources/ModalProto) against the full descriptor of the modal 1.6.4 wheel: the Python peer
/// `proto_compat.py` builds and checks messages with the wheel's own `api_pb2`.
@Suite("Trimmed Modal proto vs the full modal 1.6.4 descriptor")
struct ProtoCompatibilityTests {
    @Test("messages serialized by the full descriptor parse in the trimmed types, keep every kept field, round-trip")
    func fullDescriptorToTrimmedAndBack() async throws {
        let emitted = try await PythonPeer.run("emit")
        let cases = try #require(emitted["cases"]?.arrayValue)
        #expect(cases.count >= 30)
        var checks: [JSONValue] = []
        for entry in cases {
            let label = try #require(entry["label"]?.stringValue)
            let typeName = try #require(entry["type"]?.stringValue)
            let encoded = try #require(entry["bytes"]?.stringValue)
            let type = try #require(MessageTypes.byName[typeName], "no trimmed Swift type for \(typeName)")
            let original = try #require(Data(base64Encoded: encoded))
            let message = try type.init(serializedBytes: original)
            checks.append(
                try MessageTypes.checkCase(label: label, typeName: typeName, message: message, original: encoded)
            )
        }
        let problems = try await Self.problems(of: checks)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }

    @Test("messages built with the trimmed Swift types parse in the full descriptor with the same values")
    func trimmedToFullDescriptor() async throws {
        let checks = try SwiftBuiltMessages.all.map { name, message in
            try MessageTypes.checkCase(label: "swift-\(name)", typeName: name, message: message, original: nil)
        }
        let problems = try await Self.problems(of: checks)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n\n"))")
    }

    @Test("the Python checker reports a changed field (the comparison can fail)")
    func checkerDetectsMismatch() async throws {
        var request = Modal_Client_FunctionGetRequest()
        request.appName = "my-app"
        request.objectTag = "echo"
        let original: Data = try request.serializedBytes()
        request.objectTag = "other"
        let check = try MessageTypes.checkCase(
            label: "changed",
            typeName: "FunctionGetRequest",
            message: request,
            original: original.base64EncodedString()
        )
        // Same bytes, but the JSON claims another value: the per-field comparison must notice.
        guard
            case .object(var wrongJSON) = try MessageTypes.checkCase(
                label: "wrong-json",
                typeName: "FunctionGetRequest",
                message: request,
                original: nil
            )
        else {
            Issue.record("checkCase did not return an object")
            return
        }
        wrongJSON["json"] = .string(#"{"app_name": "my-app", "object_tag": "echo"}"#)
        let problems = try await Self.problems(of: [check, .object(wrongJSON)])
        #expect(problems.count == 2)
        #expect(problems.first?.contains("round trip lost data") == true)
        #expect(problems.last?.contains("JSON differs") == true)
    }

    @Test("fields the trimmed proto drops survive as unknown fields and kept fields decode to typed values")
    func decodedValues() async throws {
        let emitted = try await PythonPeer.run("emit")
        let cases = try #require(emitted["cases"]?.arrayValue)
        func bytes(_ type: String) throws -> Data {
            let encoded = cases.first { $0["type"]?.stringValue == type }?["bytes"]?.stringValue
            return try #require(encoded.flatMap { Data(base64Encoded: $0) }, "no \(type) case from proto_compat.py")
        }

        let get = try Modal_Client_FunctionGetResponse(serializedBytes: try bytes("FunctionGetResponse"))
        #expect(get.functionID == "fu-1")
        #expect(!get.unknownFields.data.isEmpty, "the dropped `function` field (5) must be kept as unknown bytes")
        #expect(get.handleMetadata.functionType == .generator)
        #expect(get.handleMetadata.hasInputPlaneURL && get.handleMetadata.inputPlaneURL == "http://127.0.0.1:1234")
        #expect(get.handleMetadata.supportedInputFormats == [.pickle, .cbor])
        #expect(get.handleMetadata.hasMaxAsyncObjectSizeBytes && get.handleMetadata.maxAsyncObjectSizeBytes == 0)
        #expect(get.handleMetadata.methodHandleMetadata["predict"]?.useMethodName == "predict")

        let outputs = try Modal_Client_FunctionGetOutputsResponse(
            serializedBytes: try bytes("FunctionGetOutputsResponse")
        )
        #expect(outputs.outputs.map(\.result.status) == [.success, .failure, .UNRECOGNIZED(11)])
        #expect(outputs.outputs[1].result.dataBlobID == "bl-9")
        #expect(outputs.outputs[0].result.data == Data([0xA1, 0x61, 0x78, 0x01]))

        let map = try Modal_Client_FunctionMapRequest(serializedBytes: try bytes("FunctionMapRequest"))
        let input = try #require(map.pipelinedInputs.first?.input)
        #expect(input.hasMethodName && input.methodName.isEmpty)
        #expect(input.dataFormat == .cbor && map.functionCallInvocationType == .sync)

        let status = try Modal_Client_RPCStatus(serializedBytes: try bytes("RPCStatus"))
        #expect(status.details.count == 2)
        let retry = try Modal_Client_RPCRetryPolicy(unpackingAny: status.details[0])
        #expect(retry.retryAfterSecs == 1.5)
        #expect(status.details[0].typeURL == "type.modal.com/modal.client.RPCRetryPolicy")
        let lookup = try Modal_Client_FunctionLookupError(unpackingAny: status.details[1])
        #expect(lookup.reason == .classNameUsed)

        let done = try Modal_Client_GeneratorDone(serializedBytes: try bytes("GeneratorDone"))
        #expect(done.itemsTotal == UInt64.max)
    }

    static func problems(of checks: [JSONValue]) async throws -> [String] {
        let report = try await PythonPeer.run("check", input: ["cases": .array(checks)])
        let results = try #require(report["results"]?.arrayValue)
        #expect(results.count == checks.count)
        return results.flatMap { result -> [String] in
            let label = result["label"]?.stringValue ?? "?"
            return (result["problems"]?.arrayValue ?? []).map { "\(label): \($0.stringValue ?? "?")" }
        }
    }
}
