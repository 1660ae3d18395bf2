import AsyncHTTPClient
import Crypto
import Logging
import ModalProto
import NIOCore
import NIOHTTP1
import Primitives

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ModalClient {
    /// The `FunctionInput` for `arguments`: inline CBOR, or a blob when it is larger than `max_object_size_bytes`
    /// (or, for spawn, `max_async_object_size_bytes`).
    func makeInput(
        _ arguments: [UInt8],
        for function: ModalResolvedFunction,
        invocation: Modal_Client_FunctionCallInvocationType,
        context: ModalCallContext
    ) async throws(ModalError) -> Modal_Client_FunctionInput {
        var input = Modal_Client_FunctionInput()
        input.dataFormat = .cbor
        input.finalInput = false
        input.methodName = function.methodName
        let limit =
            invocation == .async
            ? min(function.maxObjectSize, function.maxAsyncObjectSize) : function.maxObjectSize
        if arguments.count > limit {
            input.argsBlobID = try await uploadBlob(arguments, context: context)
        } else {
            input.args = Data(arguments)
        }
        return input
    }

    /// `BlobCreate` (on the control plane) and an HTTP PUT with `Content-MD5`; returns the blob id. Prefers the list
    /// form of the answer and falls back to the next URL when an upload fails. Each URL gets 3 attempts
    /// (300 ms doubling).
    func uploadBlob(_ bytes: [UInt8], context: ModalCallContext) async throws(ModalError) -> String {
        let md5 = Base64.encode(Insecure.MD5.hash(data: bytes))
        var request = Modal_Client_BlobCreateRequest()
        request.contentMd5 = md5
        request.contentSha256Base64 = Base64.encode(SHA256.hash(data: bytes))
        request.contentLength = Int64(bytes.count)
        let response = try await unary(
            Modal_Client_ModalClient.Method.BlobCreate.descriptor,
            request,
            returning: Modal_Client_BlobCreateResponse.self,
            on: control,
            context: context
        )
        var targets: [(blobID: String, url: String)] = []
        if case .uploadUrls(let list) = response.uploadTypesOneof, !list.items.isEmpty {
            for (index, url) in list.items.enumerated() {
                let blobID = index < response.blobIds.count ? response.blobIds[index] : response.blobID
                targets.append((blobID, url))
            }
        } else if case .uploadURL(let url) = response.uploadTypeOneof {
            targets.append((response.blobID, url))
        }
        guard !targets.isEmpty else {
            throw .blob(
                "Modal asked for a multipart upload of a \(bytes.count)-byte input, which this client does not support"
            )
        }
        var lastError: ModalError?
        for target in targets where !target.blobID.isEmpty {
            var http = HTTPClientRequest(url: target.url)
            http.method = .PUT
            http.headers.add(name: "Content-Type", value: "application/octet-stream")
            http.headers.add(name: "Content-MD5", value: md5)
            http.body = .bytes(bytes)
            do throws(ModalError) {
                _ = try await transfer(
                    http,
                    attempts: 3,
                    firstDelay: .milliseconds(300),
                    maxBytes: 1024 * 1024,
                    context
                )
                context.logger.debug(
                    "Modal input blob uploaded",
                    metadata: ["modal.blob_id": "\(target.blobID)", "modal.bytes": "\(bytes.count)"]
                )
                return target.blobID
            } catch  where error.code == .blobTransfer {
                lastError = error
            }
        }
        throw lastError ?? .blob("Modal BlobCreate returned no blob id")
    }

    /// `BlobGet` and an HTTP GET (5 attempts, 100 ms doubling) of an output stored as a blob.
    func downloadBlob(
        _ blobID: String,
        functionID: String,
        context: ModalCallContext
    ) async throws(ModalError)
        -> [UInt8]
    {
        var request = Modal_Client_BlobGetRequest()
        request.blobID = blobID
        request.functionID = functionID
        let response = try await unary(
            Modal_Client_ModalClient.Method.BlobGet.descriptor,
            request,
            returning: Modal_Client_BlobGetResponse.self,
            on: control,
            context: context
        )
        let http = HTTPClientRequest(url: response.downloadURL)
        let bytes = try await transfer(
            http,
            attempts: 5,
            firstDelay: .milliseconds(100),
            maxBytes: configuration.maxOutputBlobBytes,
            context
        )
        context.logger.debug(
            "Modal output blob downloaded",
            metadata: ["modal.blob_id": "\(blobID)", "modal.bytes": "\(bytes.count)"]
        )
        return bytes
    }

    /// Runs `request` until it answers 2xx, retrying failures and non-2xx answers with doubling waits; returns the
    /// body. URLs are never logged (they carry signatures).
    private func transfer(
        _ request: HTTPClientRequest,
        attempts: Int,
        firstDelay: Duration,
        maxBytes: Int,
        _ context: ModalCallContext
    ) async throws(ModalError) -> [UInt8] {
        let verb = request.method.rawValue
        var delay = firstDelay
        var lastProblem = ""
        for attempt in 1...attempts {
            if Task.isCancelled { throw .cancelled() }
            guard context.remaining > .zero else {
                throw .timeout("the Modal call ran out of time during a blob \(verb) (\(lastProblem))")
            }
            do {
                let response = try await httpClient.execute(
                    request,
                    deadline: NIODeadline.now() + TimeAmount(context.remaining),
                    logger: context.logger
                )
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: maxBytes)
                } catch is NIOTooManyBytesError {
                    throw ModalError.invalidOutput("the Modal result is larger than \(maxBytes) bytes")
                }
                if (200..<300).contains(response.status.code) {
                    return Array(buffer: body)
                }
                lastProblem = "HTTP \(response.status.code)"
            } catch let error as ModalError {
                throw error
            } catch {
                if Task.isCancelled { throw .cancelled(error) }
                lastProblem = "\(error)"
            }
            context.logger.debug(
                "Modal blob transfer failed",
                metadata: ["modal.http": "\(verb)", "modal.problem": "\(lastProblem)", "modal.attempt": "\(attempt)"]
            )
            if attempt < attempts {
                guard context.remaining > delay else {
                    throw .timeout("the Modal call ran out of time during a blob \(verb) (\(lastProblem))")
                }
                try await pause(delay)
                delay = delay * 2
            }
        }
        throw .blob("blob \(verb) failed after \(attempts) attempts: \(lastProblem)")
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(nanoseconds.overflow ? .max : nanoseconds.partialValue + attoseconds / 1_000_000_000)
    }
}
