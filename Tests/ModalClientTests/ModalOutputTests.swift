import CBOR
import Foundation
import JSON
import ModalClient
import ModalProto
import Testing

@Suite("Modal outputs and function checks")
struct ModalOutputTests {
    let function = ModalFunctionReference(appName: "app", functionName: "f")

    func item(
        _ status: Modal_Client_GenericResult.GenericStatus,
        format: Modal_Client_DataFormat = .cbor,
        exception: String = "",
        traceback: String = ""
    ) -> Modal_Client_FunctionGetOutputsItem {
        var item = Modal_Client_FunctionGetOutputsItem()
        item.result.status = status
        item.result.exception = exception
        item.result.traceback = traceback
        item.dataFormat = format
        return item
    }

    @Test func successDecodesCBORToJSON() throws {
        let payload: JSONValue = ["a": 1, "b": [true, nil, 1.5], "c": "✓"]
        let data = try ModalArguments.encode(args: [payload], kwargs: JSONObject())
        let value = try ModalOutput.decode(item(.success), data: data, function: function)
        #expect(value == [[payload], [:]])
    }

    @Test func successWithoutDataIsNull() throws {
        #expect(try ModalOutput.decode(item(.success), data: nil, function: function) == .null)
        #expect(try ModalOutput.decode(item(.success), data: [], function: function) == .null)
    }

    @Test func pickleResultExplainsTheRedeploy() {
        #expect {
            _ = try ModalOutput.decode(item(.success, format: .pickle), data: [0x80, 0x04], function: function)
        } throws: { error in
            guard let error = error as? ModalError else { return false }
            return error.errorType == "Modal.InvalidOutput" && error.message.contains("PICKLE")
                && error.message.contains("Redeploy") && error.message.contains("CBOR")
        }
    }

    @Test func invalidCBORAndOtherFormatsAreInvalidOutput() {
        for (format, data) in [
            (Modal_Client_DataFormat.cbor, [UInt8]([0xFF])), (.asgi, [0x01]), (.unspecified, [0x01]),
        ] {
            #expect {
                _ = try ModalOutput.decode(item(.success, format: format), data: data, function: function)
            } throws: { error in
                (error as? ModalError)?.errorType == "Modal.InvalidOutput"
            }
        }
    }

    @Test func failuresCarryExceptionAndTraceback() {
        let statuses: [Modal_Client_GenericResult.GenericStatus] = [
            .failure, .initFailure, .terminated, .idleTimeout, .memoryManagerEviction, .kernelOomKill, .unspecified,
            .UNRECOGNIZED(42),
        ]
        for status in statuses {
            #expect {
                _ = try ModalOutput.decode(
                    item(status, exception: "ValueError('boom')", traceback: "Traceback …"),
                    data: nil,
                    function: function
                )
            } throws: { error in
                guard let error = error as? ModalError else { return false }
                return error.errorType == "Modal.RemoteError" && error.exception == "ValueError('boom')"
                    && error.traceback == "Traceback …" && error.message.contains(ModalOutput.statusName(status))
            }
        }
    }

    @Test func timeoutAndInternalFailure() {
        #expect {
            _ = try ModalOutput.decode(item(.timeout, exception: "took too long"), data: nil, function: function)
        } throws: { error in
            guard let error = error as? ModalError else { return false }
            return error.isTimeout && error.errorType == "Modal.Timeout" && error.exception == "took too long"
        }
        #expect {
            _ = try ModalOutput.decode(item(.internalFailure), data: nil, function: function)
        } throws: { error in
            (error as? ModalError)?.errorType == "Modal.InternalFailure"
        }
    }

    // MARK: FunctionGet checks

    func resolved(configure: (inout Modal_Client_FunctionHandleMetadata) -> Void) -> ModalResolvedFunction {
        var response = Modal_Client_FunctionGetResponse()
        response.functionID = "fu-1"
        var metadata = Modal_Client_FunctionHandleMetadata()
        metadata.functionType = .function
        metadata.supportedInputFormats = [.pickle, .cbor]
        configure(&metadata)
        response.handleMetadata = metadata
        return ModalResolvedFunction(reference: function, response: response)
    }

    @Test func metadataDefaultsAndLimits() throws {
        let plain = resolved { _ in }
        try plain.validate()
        #expect(plain.maxObjectSize == 2 * 1024 * 1024)
        #expect(plain.maxAsyncObjectSize == 8 * 1024)
        #expect(plain.inputPlaneURL == nil)
        let custom = resolved {
            $0.maxObjectSizeBytes = 1000
            $0.maxAsyncObjectSizeBytes = 10
            $0.inputPlaneURL = "https://ip.modal.com"
            $0.inputPlaneRegion = "eu-west"
        }
        #expect(custom.maxObjectSize == 1000 && custom.maxAsyncObjectSize == 10)
        #expect(custom.inputPlaneURL == "https://ip.modal.com" && custom.inputPlaneRegion == "eu-west")
    }

    @Test func refusedFunctions() {
        let cases: [(String, (inout Modal_Client_FunctionHandleMetadata) -> Void)] = [
            ("Redeploy", { $0.supportedInputFormats = [.pickle] }),
            ("Redeploy", { $0.supportedInputFormats = [] }),
            ("web endpoint", { $0.webURL = "https://x.modal.run" }),
            ("generator", { $0.functionType = .generator }),
        ]
        for (phrase, configure) in cases {
            #expect {
                try resolved(configure: configure).validate()
            } throws: { error in
                guard let error = error as? ModalError else { return false }
                return error.errorType == "Modal.UnsupportedFunction" && error.message.contains(phrase)
            }
        }
    }
}
