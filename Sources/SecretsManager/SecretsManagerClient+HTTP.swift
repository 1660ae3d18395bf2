import AsyncHTTPClient
import JSON
import NIOCore
import NIOHTTP1
import Primitives
import SigV4

extension SecretsManagerClient {
    /// Where one call goes and who signs it.
    struct Route: Sendable {
        var endpoint: SecretsManagerEndpoint
        var signer: SigV4Signer
    }

    /// An HTTP answer, read in full.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Largest response body accepted (a secret value is at most 64 KiB, base64 makes it 88 KiB).
    static let maximumResponseBytes = 1 << 20

    /// The configured route, or, for an ARN of another region, that region (its default endpoint unless a custom
    /// endpoint is configured).
    func route(for secretID: String) -> Route {
        guard let arn = SecretARN(secretID), arn.region != configuration.region else {
            return Route(endpoint: configuration.endpoint, signer: signer)
        }
        let endpoint =
            configuration.endpoint.isCustom
            ? configuration.endpoint
            : SecretsManagerConfiguration.defaultEndpoint(region: arn.region, useFIPS: configuration.useFIPS)
        let signer = SigV4Signer(
            credentials: configuration.credentials,
            region: arn.region,
            service: Self.signingName
        )
        return Route(endpoint: endpoint, signer: signer)
    }

    /// A signed `POST /` for an awsJson1_1 operation. `Host` is set explicitly to the signed `host[:port]`; the
    /// `User-Agent` is sent but not signed; `Content-Length` is added by the HTTP client and not signed.
    func makeRequest(operation: String, body: [UInt8], route: Route) -> HTTPClientRequest {
        let endpoint = route.endpoint
        let signedHeaders: [(name: String, value: String)] = [
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "X-Amz-Target", value: "secretsmanager.\(operation)"),
        ]
        let signature = route.signer.sign(
            SigV4Request(
                method: "POST",
                host: endpoint.hostHeader,
                path: endpoint.path,
                headers: signedHeaders,
                body: body
            ),
            at: SigV4Timestamp(secondsSinceEpoch: time.epochSeconds())
        )
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Host", value: endpoint.hostHeader)
        for field in signedHeaders + signature.headersToAdd {
            request.headers.add(name: field.name, value: field.value)
        }
        request.headers.add(name: "User-Agent", value: "modal-bridge")
        request.body = .bytes(body)
        return request
    }

    /// One attempt: sends `request` and reads the whole answer. A non-2xx answer becomes the matching error.
    func send(
        _ request: HTTPClientRequest,
        deadline: ContinuousClock.Instant?
    ) async throws(SecretsManagerError)
        -> Response
    {
        var timeout = configuration.attemptTimeout
        var deadlineLimits = false
        if let deadline {
            let remaining = time.now().duration(to: deadline)
            guard remaining > .zero else {
                throw SecretsManagerError(code: .timeout, message: "the deadline passed before the request was sent")
            }
            if remaining <= timeout {
                timeout = remaining
                deadlineLimits = true
            }
        }
        let response: Response
        do {
            let answer = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let body = try await answer.body.collect(upTo: Self.maximumResponseBytes)
            response = Response(status: Int(answer.status.code), headers: answer.headers, body: Array(buffer: body))
        } catch is CancellationError {
            throw SecretsManagerError(code: .cancelled, message: "cancelled")
        } catch let error as HTTPClientError where error == .deadlineExceeded && deadlineLimits {
            throw SecretsManagerError(code: .timeout, message: "no answer before the deadline", underlying: error)
        } catch let error as HTTPClientError where error == .cancelled {
            throw SecretsManagerError(code: .cancelled, message: "cancelled", underlying: error)
        } catch {
            throw SecretsManagerError(
                code: .connectionFailed,
                message: "no answer from \(request.url): \(Self.describe(error))",
                underlying: error
            )
        }
        guard (200..<300).contains(response.status) else {
            let answer = AWSErrorResponse(
                errorTypeHeader: response.headers.first(name: "x-amzn-ErrorType"),
                body: response.body
            )
            let code = answer.classify(status: response.status)
            let detail =
                answer.safeMessage(redacting: configuration.credentials.secretStrings)
                ?? "HTTP \(response.status) without a message"
            throw SecretsManagerError(
                code: code,
                message: detail,
                awsErrorCode: answer.code,
                httpStatus: response.status
            )
        }
        return response
    }

    /// A short, secret-free description of a transport error.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// Decodes a GetSecretValue result.
    static func parseSecretValue(
        _ response: Response,
        redacting secrets: [String]
    ) throws(SecretsManagerError)
        -> SecretValue
    {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: response.body)
        } catch {
            throw SecretsManagerError(
                code: .invalidResponse,
                message: "the answer (HTTP \(response.status)) is not JSON",
                underlying: error,
                httpStatus: response.status
            )
        }
        guard let object = json.objectValue else {
            throw SecretsManagerError(code: .invalidResponse, message: "the answer is not a JSON object")
        }
        var value = SecretValue(
            arn: object["ARN"]?.stringValue,
            name: object["Name"]?.stringValue,
            versionID: object["VersionId"]?.stringValue,
            versionStages: object["VersionStages"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            createdDate: object["CreatedDate"]?.numberValue?.doubleValue,
            secretString: object["SecretString"]?.stringValue
        )
        if let encoded = object["SecretBinary"]?.stringValue {
            guard let bytes = Base64.decode(encoded, padding: .optional) else {
                throw SecretsManagerError(code: .invalidResponse, message: "SecretBinary is not valid base64")
            }
            value.secretBinary = bytes
        }
        guard value.secretString != nil || value.secretBinary != nil else {
            throw SecretsManagerError(
                code: .invalidResponse,
                message: "the answer has neither SecretString nor SecretBinary"
            )
        }
        return value
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
