import CBOR
package import JSON
package import ModalProto

/// Turns a function's final output into JSON or a ``ModalError``: SUCCESS + CBOR → JSON (no data → `null`);
/// TIMEOUT → `Modal.Timeout`; INTERNAL_FAILURE (after the retries) → `Modal.InternalFailure`; every other status →
/// `Modal.RemoteError` with Modal's `exception` and `traceback`; PICKLE or other formats → `Modal.InvalidOutput`.
package enum ModalOutput {
    /// Decodes `item`, whose result data is `data` (the inline bytes, or the downloaded blob).
    package static func decode(
        _ item: Modal_Client_FunctionGetOutputsItem,
        data: [UInt8]?,
        function: ModalFunctionReference
    ) throws(ModalError) -> JSONValue {
        let result = item.result
        switch result.status {
        case .success:
            guard let data, !data.isEmpty else { return .null }
            switch item.dataFormat {
            case .cbor:
                do {
                    return try JSONValue(decodingCBOR: data)
                } catch {
                    throw .invalidOutput("the result of Modal function \(function) is not valid CBOR: \(error.message)")
                }
            case .pickle:
                throw .invalidOutput(
                    "Modal function \(function) returned a PICKLE result, which this client cannot read. Redeploy the "
                        + "app with a current Modal SDK (1.2 or newer) and return CBOR-serializable values (dict, "
                        + "list, str, int, float, bool, None, bytes)"
                )
            case .generatorDone:
                throw .unsupported("Modal function \(function) is a generator; only single results are supported")
            default:
                throw .invalidOutput(
                    "Modal function \(function) returned a result in data format \(item.dataFormat), which is not "
                        + "supported (only CBOR)"
                )
            }
        case .timeout:
            throw ModalError(
                code: .timeout,
                message: "Modal function \(function) timed out\(suffix(result.exception))",
                exception: nonEmpty(result.exception),
                traceback: nonEmpty(result.traceback)
            )
        case .internalFailure:
            throw ModalError(
                code: .internalFailure,
                message: "Modal function \(function) kept failing with internal errors\(suffix(result.exception))",
                exception: nonEmpty(result.exception),
                traceback: nonEmpty(result.traceback)
            )
        default:
            throw ModalError(
                code: .remoteError,
                message: "Modal function \(function) failed (\(statusName(result.status)))\(suffix(result.exception))",
                exception: nonEmpty(result.exception),
                traceback: nonEmpty(result.traceback)
            )
        }
    }

    /// `FAILURE`, `INIT_FAILURE`, … as Modal names the status.
    package static func statusName(_ status: Modal_Client_GenericResult.GenericStatus) -> String {
        switch status {
        case .unspecified: "UNSPECIFIED"
        case .success: "SUCCESS"
        case .failure: "FAILURE"
        case .terminated: "TERMINATED"
        case .timeout: "TIMEOUT"
        case .initFailure: "INIT_FAILURE"
        case .internalFailure: "INTERNAL_FAILURE"
        case .idleTimeout: "IDLE_TIMEOUT"
        case .memoryManagerEviction: "MEMORY_MANAGER_EVICTION"
        case .memoryThrashingEviction: "MEMORY_THRASHING_EVICTION"
        case .kernelOomKill: "KERNEL_OOM_KILL"
        case .UNRECOGNIZED(let value): "STATUS_\(value)"
        }
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
    private static func suffix(_ exception: String) -> String { exception.isEmpty ? "" : ": \(exception)" }
}

extension ModalClient {
    /// The JSON value of a finished output, downloading a `data_blob_id` result first.
    func value(
        of output: ModalFinishedOutput,
        function: ModalResolvedFunction,
        context: ModalCallContext
    ) async throws(ModalError) -> JSONValue {
        var data: [UInt8]? = nil
        if output.result.status == .success {
            switch output.result.dataOneof {
            case .data(let bytes): data = Array(bytes)
            case .dataBlobID(let blobID):
                data = try await downloadBlob(blobID, functionID: function.functionID, context: context)
            case nil: data = nil
            }
        }
        return try ModalOutput.decode(output, data: data, function: function.reference)
    }
}
