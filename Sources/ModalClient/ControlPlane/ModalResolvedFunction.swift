package import ModalProto

/// What the client keeps of a `FunctionGet` answer (the large `function` field is dropped), cached per reference.
package struct ModalResolvedFunction: Sendable {
    package static let defaultMaxObjectSize = 2 * 1024 * 1024
    package static let defaultMaxAsyncObjectSize = 8 * 1024

    package var reference: ModalFunctionReference
    package var functionID: String
    package var webURL: String
    package var functionType: Modal_Client_Function.FunctionType
    package var supportedInputFormats: [Modal_Client_DataFormat]
    package var inputPlaneURL: String?
    package var inputPlaneRegion: String?
    /// Inputs larger than this go through a blob (`max_object_size_bytes`, default 2 MiB).
    package var maxObjectSize: Int
    /// Spawn inputs larger than this go through a blob (`max_async_object_size_bytes`, default 8 KiB).
    package var maxAsyncObjectSize: Int
    /// `FunctionInput.method_name` (empty for plain functions).
    package var methodName: String

    package init(reference: ModalFunctionReference, response: Modal_Client_FunctionGetResponse) {
        let metadata = response.handleMetadata
        self.reference = reference
        functionID = response.functionID
        webURL = metadata.webURL
        functionType = metadata.functionType
        supportedInputFormats = metadata.supportedInputFormats
        inputPlaneURL = metadata.hasInputPlaneURL && !metadata.inputPlaneURL.isEmpty ? metadata.inputPlaneURL : nil
        inputPlaneRegion =
            metadata.hasInputPlaneRegion && !metadata.inputPlaneRegion.isEmpty ? metadata.inputPlaneRegion : nil
        maxObjectSize =
            metadata.hasMaxObjectSizeBytes
            ? Int(clamping: metadata.maxObjectSizeBytes) : Self.defaultMaxObjectSize
        maxAsyncObjectSize =
            metadata.hasMaxAsyncObjectSizeBytes
            ? Int(clamping: metadata.maxAsyncObjectSizeBytes) : Self.defaultMaxAsyncObjectSize
        methodName = metadata.useMethodName
    }

    /// Refuses functions this client cannot call: no CBOR input (deployed with an old SDK), web endpoints and
    /// generators.
    package func validate() throws(ModalError) {
        if !webURL.isEmpty {
            throw .unsupported(
                "Modal function \(reference) is a web endpoint; invoke it through its web URL (\(webURL)) instead"
            )
        }
        if functionType == .generator {
            throw .unsupported(
                "Modal function \(reference) is a generator; only functions that return a single value can be called"
            )
        }
        if !supportedInputFormats.contains(.cbor) {
            throw .unsupported(
                "Modal function \(reference) does not accept CBOR inputs: it was deployed with an older Modal Python "
                    + "SDK. Redeploy the app with a current Modal SDK (1.2 or newer)"
            )
        }
    }
}
