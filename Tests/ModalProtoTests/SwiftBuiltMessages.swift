import Foundation
import ModalProto
import SwiftProtobuf

/// Requests shaped the way the Swift client sends them (the Go header/field choices of the spec).
enum SwiftBuiltMessages {
    static var all: [(String, any SwiftProtobuf.Message)] {
        [
            ("FunctionGetRequest", functionGet),
            ("FunctionMapRequest", functionMap(invocation: .sync)),
            ("FunctionMapRequest", functionMap(invocation: .async)),
            ("FunctionGetOutputsRequest", getOutputs),
            ("FunctionRetryInputsRequest", retryInputs),
            ("BlobCreateRequest", blobCreate),
            ("AttemptStartRequest", attemptStart),
            ("AttemptAwaitRequest", attemptAwait),
            ("FunctionCallCancelRequest", cancel),
            ("RPCStatus", throttled),
        ]
    }

    static var functionGet: Modal_Client_FunctionGetRequest {
        var request = Modal_Client_FunctionGetRequest()
        request.appName = "bridge-app"
        request.objectTag = "handler"
        request.environmentName = "main"
        return request
    }

    static var input: Modal_Client_FunctionPutInputsItem {
        var input = Modal_Client_FunctionInput()
        // CBOR [[{"a": 1}, {}], {}]
        input.args = Data([0x82, 0x82, 0xA1, 0x61, 0x61, 0x01, 0xA0, 0xA0])
        input.dataFormat = .cbor
        input.finalInput = false
        input.methodName = ""
        var item = Modal_Client_FunctionPutInputsItem()
        item.idx = 0
        item.input = input
        return item
    }

    static func functionMap(invocation: Modal_Client_FunctionCallInvocationType) -> Modal_Client_FunctionMapRequest {
        var request = Modal_Client_FunctionMapRequest()
        request.functionID = "fu-1"
        request.functionCallType = .unary
        request.functionCallInvocationType = invocation
        request.pipelinedInputs = [input]
        return request
    }

    static var getOutputs: Modal_Client_FunctionGetOutputsRequest {
        var request = Modal_Client_FunctionGetOutputsRequest()
        request.functionCallID = "fc-1"
        request.maxValues = 1
        request.timeout = 55
        request.lastEntryID = "0-0"
        request.clearOnSuccess_p = true
        request.requestedAt = 1_700_000_000.5
        request.inputJwts = ["jwt-1"]
        return request
    }

    static var retryInputs: Modal_Client_FunctionRetryInputsRequest {
        var item = Modal_Client_FunctionRetryInputsItem()
        item.inputJwt = "jwt-1"
        item.input = input.input
        item.retryCount = 3
        var request = Modal_Client_FunctionRetryInputsRequest()
        request.functionCallJwt = "fc-jwt"
        request.inputs = [item]
        return request
    }

    static var blobCreate: Modal_Client_BlobCreateRequest {
        var request = Modal_Client_BlobCreateRequest()
        request.contentMd5 = "1B2M2Y8AsgTpgAmY7PhCfg=="
        request.contentSha256Base64 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        request.contentLength = 3_145_728
        return request
    }

    static var attemptStart: Modal_Client_AttemptStartRequest {
        var request = Modal_Client_AttemptStartRequest()
        request.functionID = "fu-1"
        request.input = input
        return request
    }

    static var attemptAwait: Modal_Client_AttemptAwaitRequest {
        var request = Modal_Client_AttemptAwaitRequest()
        request.attemptToken = "at-1"
        request.requestedAt = 1_700_000_000.25
        request.timeoutSecs = 55
        return request
    }

    static var cancel: Modal_Client_FunctionCallCancelRequest {
        var request = Modal_Client_FunctionCallCancelRequest()
        request.functionCallID = "fc-1"
        request.terminateContainers = true
        request.functionID = "fu-1"
        return request
    }

    static var throttled: Modal_Client_RPCStatus {
        var policy = Modal_Client_RPCRetryPolicy()
        policy.retryAfterSecs = 0.25
        var status = Modal_Client_RPCStatus()
        status.code = 8
        status.message = "slow down"
        status.details = [(try? Google_Protobuf_Any(message: policy, typePrefix: "type.modal.com")) ?? .init()]
        return status
    }
}
