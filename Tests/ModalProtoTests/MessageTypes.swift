import Foundation
import JSON
import ModalProto
import SwiftProtobuf

/// The trimmed Swift message types by their proto name, and how a case is handed to the Python checker.
enum MessageTypes {
    static let byName: [String: any SwiftProtobuf.Message.Type] = [
        "ClientHelloResponse": Modal_Client_ClientHelloResponse.self,
        "AuthTokenGetRequest": Modal_Client_AuthTokenGetRequest.self,
        "AuthTokenGetResponse": Modal_Client_AuthTokenGetResponse.self,
        "FunctionGetRequest": Modal_Client_FunctionGetRequest.self,
        "FunctionGetResponse": Modal_Client_FunctionGetResponse.self,
        "FunctionHandleMetadata": Modal_Client_FunctionHandleMetadata.self,
        "FunctionMapRequest": Modal_Client_FunctionMapRequest.self,
        "FunctionMapResponse": Modal_Client_FunctionMapResponse.self,
        "FunctionPutInputsRequest": Modal_Client_FunctionPutInputsRequest.self,
        "FunctionPutInputsResponse": Modal_Client_FunctionPutInputsResponse.self,
        "FunctionGetOutputsRequest": Modal_Client_FunctionGetOutputsRequest.self,
        "FunctionGetOutputsResponse": Modal_Client_FunctionGetOutputsResponse.self,
        "FunctionRetryInputsRequest": Modal_Client_FunctionRetryInputsRequest.self,
        "FunctionRetryInputsResponse": Modal_Client_FunctionRetryInputsResponse.self,
        "FunctionCallCancelRequest": Modal_Client_FunctionCallCancelRequest.self,
        "FunctionCallFromIdRequest": Modal_Client_FunctionCallFromIdRequest.self,
        "FunctionCallFromIdResponse": Modal_Client_FunctionCallFromIdResponse.self,
        "BlobCreateRequest": Modal_Client_BlobCreateRequest.self,
        "BlobCreateResponse": Modal_Client_BlobCreateResponse.self,
        "BlobGetRequest": Modal_Client_BlobGetRequest.self,
        "BlobGetResponse": Modal_Client_BlobGetResponse.self,
        "AttemptStartRequest": Modal_Client_AttemptStartRequest.self,
        "AttemptStartResponse": Modal_Client_AttemptStartResponse.self,
        "AttemptAwaitRequest": Modal_Client_AttemptAwaitRequest.self,
        "AttemptAwaitResponse": Modal_Client_AttemptAwaitResponse.self,
        "AttemptRetryRequest": Modal_Client_AttemptRetryRequest.self,
        "AttemptRetryResponse": Modal_Client_AttemptRetryResponse.self,
        "RPCStatus": Modal_Client_RPCStatus.self,
        "GeneratorDone": Modal_Client_GeneratorDone.self,
    ]

    /// `Any` details are written as JSON only for registered types.
    static let registeredAnyTypes: Bool = {
        Google_Protobuf_Any.register(messageType: Modal_Client_RPCRetryPolicy.self)
            && Google_Protobuf_Any.register(messageType: Modal_Client_FunctionLookupError.self)
    }()

    /// One case for `proto_compat.py check`: the message as the Swift types serialize it (binary and JSON with
    /// proto field names), plus the full descriptor's original bytes when there are any.
    static func checkCase(
        label: String,
        typeName: String,
        message: any SwiftProtobuf.Message,
        original: String?
    ) throws -> JSONValue {
        _ = registeredAnyTypes
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let bytes: Data = try message.serializedBytes()
        var members: [(String, JSONValue)] = [
            ("label", .string(label)),
            ("type", .string(typeName)),
            ("bytes", .string(bytes.base64EncodedString())),
            ("json", .string(try message.jsonString(options: options))),
        ]
        if let original { members.append(("original", .string(original))) }
        return .object(JSONObject(members))
    }
}
