import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import JSON
import ModalProto
import SwiftProtobuf
import TestSupport
import Testing

/// The generated client stubs against the Modal test server, over plaintext HTTP/2 like `MODAL_SERVER_URL=http://…`.
@Suite("Generated ModalClient stubs against the Modal test server")
struct GeneratedClientTests {
    @Test("FunctionGet, FunctionMap and FunctionGetOutputs round-trip CBOR; an unknown name is NOT_FOUND")
    func remoteThroughControlPlane() async throws {
        try await withModalTestServer { server in
            try await Self.withClient(server) { client, metadata in
                var get = Modal_Client_FunctionGetRequest()
                get.appName = "test-app"
                get.objectTag = "echo"
                let function = try await client.functionGet(get, metadata: metadata)
                #expect(function.handleMetadata.supportedInputFormats.contains(.cbor))

                var input = Modal_Client_FunctionInput()
                input.args = Data([0x82, 0x81, 0x62, 0x68, 0x69, 0xA0])  // [["hi"], {}]
                input.dataFormat = .cbor
                input.methodName = ""
                var item = Modal_Client_FunctionPutInputsItem()
                item.input = input
                var map = Modal_Client_FunctionMapRequest()
                map.functionID = function.functionID
                map.functionCallType = .unary
                map.functionCallInvocationType = .sync
                map.pipelinedInputs = [item]
                let mapped = try await client.functionMap(map, metadata: metadata)

                var outputs = Modal_Client_FunctionGetOutputsRequest()
                outputs.functionCallID = mapped.functionCallID
                outputs.maxValues = 1
                outputs.timeout = 10
                outputs.lastEntryID = "0-0"
                outputs.clearOnSuccess_p = true
                outputs.inputJwts = mapped.pipelinedInputs.map(\.inputJwt)
                let answer = try await client.functionGetOutputs(outputs, metadata: metadata)
                let output = try #require(answer.outputs.first)
                #expect(output.result.status == .success)
                #expect(output.dataFormat == .cbor)
                // cbor2.dumps({"args": ["hi"], "kwargs": {}})
                let expected: [UInt8] =
                    [0xA2, 0x64] + Array("args".utf8) + [0x81, 0x62] + Array("hi".utf8)
                    + [0x66] + Array("kwargs".utf8) + [0xA0]
                #expect(Array(output.result.data) == expected)

                get.objectTag = "nosuch"
                await #expect(throws: RPCError.self) {
                    do {
                        _ = try await client.functionGet(get, metadata: metadata)
                    } catch let error as RPCError {
                        #expect(error.code == .notFound)
                        throw error
                    }
                }
            }
            let records = try await server.records()
            #expect(records.map(\.method) == ["FunctionGet", "FunctionMap", "FunctionGetOutputs", "FunctionGet"])
            let map = try #require(records.first { $0.method == "FunctionMap" }?.raw)
            #expect(map["metadata"]?["x-modal-client-type"]?.stringValue == "9")
            #expect(map["inputs"]?[0]?["args"] == ["hi"])
        }
    }

    @Test("a fault switch set through the control API reaches the generated client as its status code")
    func faultSwitch() async throws {
        try await withModalTestServer { server in
            try await server.addFault(code: "UNAVAILABLE", count: 1, methods: ["ClientHello"])
            try await Self.withClient(server) { client, metadata in
                do {
                    _ = try await client.clientHello(Google_Protobuf_Empty(), metadata: metadata)
                    Issue.record("the first ClientHello should fail with UNAVAILABLE")
                } catch let error as RPCError {
                    #expect(error.code == .unavailable)
                }
                _ = try await client.clientHello(Google_Protobuf_Empty(), metadata: metadata)
            }
            let statuses = try await server.records().map(\.status)
            #expect(statuses == ["UNAVAILABLE", "OK"])
        }
    }

    static func withClient(
        _ server: ModalTestServer,
        _ body: (Modal_Client_ModalClient.Client<HTTP2ClientTransport.Posix>, Metadata) async throws -> Void
    ) async throws {
        let url = try #require(URLComponents(string: server.address.serverURL))
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: try #require(url.host), port: try #require(url.port)),
            transportSecurity: .plaintext
        )
        var metadata = Metadata()
        metadata.addString("9", forKey: "x-modal-client-type")
        metadata.addString("1.0.0", forKey: "x-modal-client-version")
        metadata.addString(server.address.tokenID, forKey: "x-modal-token-id")
        metadata.addString(server.address.tokenSecret, forKey: "x-modal-token-secret")
        try await withGRPCClient(transport: transport) { grpc in
            try await body(Modal_Client_ModalClient.Client(wrapping: grpc), metadata)
        }
    }
}
