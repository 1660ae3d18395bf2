// Target SigV4 (pure leaf): AWS Signature Version 4 for one request (canonical request, string to sign, the
// Authorization header), checked against botocore. No I/O, no clock of its own (the time is passed in). May import:
// Primitives, swift-crypto. See docs/secrets.md.

import Crypto
import Primitives
import Synchronization

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`, signature in the `Authorization` header).
///
/// Pure: no clock, no I/O. The caller passes the signing time, takes one clock reading per request, and sends
/// exactly the host, path, query, headers and body it signed. The derived signing key is cached per
/// (secret key, day, region, service); a signer is cheap to copy and safe to share between tasks.
package struct SigV4Signer: Sendable {
    /// The credentials requests are signed with.
    package let credentials: SigningCredentials
    /// The region of the credential scope (`us-east-1`).
    package let region: String
    /// The signing name of the service (`secretsmanager`).
    package let service: String
    private let keyCache: SigningKeyCache

    /// A signer for one set of credentials, region and service.
    package init(credentials: SigningCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.keyCache = SigningKeyCache()
    }

    /// The credential scope, `yyyyMMdd/region/service/aws4_request`.
    package func credentialScope(at time: SigV4Timestamp) -> String {
        "\(time.scopeDate)/\(region)/\(service)/aws4_request"
    }

    /// Signs `request` as of `time`. `X-Amz-Date` and the scope date both come from `time`.
    package func sign(_ request: SigV4Request, at time: SigV4Timestamp) -> SigV4Signature {
        let amzDate = time.amzDate
        var added: [(name: String, value: String)] = [(name: "X-Amz-Date", value: amzDate)]
        if let token = credentials.sessionToken {
            added.append((name: "X-Amz-Security-Token", value: token))
        }
        let ownNames: Set<String> = ["host", "x-amz-date", "x-amz-security-token", "authorization"]
        var fields = request.headers.filter { !ownNames.contains(SigV4Canonical.lowercasedASCII($0.name)) }
        fields.append((name: "host", value: request.host))
        fields.append(contentsOf: added)

        let canonicalHeaders = SigV4Canonical.headers(fields)
        let signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            request.method.uppercasedASCII(),
            SigV4Canonical.uri(request.path),
            SigV4Canonical.query(request.query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            Self.hexSHA256(request.body),
        ].joined(separator: "\n")
        let scope = credentialScope(at: time)
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hexSHA256(Array(canonicalRequest.utf8)),
        ].joined(separator: "\n")
        let key = signingKey(scopeDate: time.scopeDate)
        let signature = Hex.encode(
            HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        )
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), "
            + "Signature=\(signature)"
        added.append((name: "Authorization", value: authorization))
        return SigV4Signature(
            headersToAdd: added,
            amzDate: amzDate,
            authorization: authorization,
            signedHeaders: signedHeaders,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature
        )
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, cached.
    func signingKey(scopeDate: String) -> SymmetricKey {
        let cacheKey = SigningKeyCache.Key(
            secretAccessKey: credentials.secretAccessKey,
            scopeDate: scopeDate,
            region: region,
            service: service
        )
        if let cached = keyCache.key(for: cacheKey) { return cached }
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [scopeDate, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        keyCache.store(key, for: cacheKey)
        return key
    }

    /// Lowercase hex SHA-256 of `bytes` (the payload hash; `e3b0c442…b855` for an empty body).
    package static func hexSHA256(_ bytes: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: bytes))
    }
}

extension String {
    fileprivate func uppercasedASCII() -> String {
        String(
            decoding: utf8.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 },
            as: UTF8.self
        )
    }
}

/// The most recently derived signing key. One entry is enough: a signer's secret, region and service are fixed,
/// so the key changes only when the UTC day does.
final class SigningKeyCache: Sendable {
    struct Key: Hashable {
        var secretAccessKey: String
        var scopeDate: String
        var region: String
        var service: String
    }

    private let entry = Mutex<(key: Key, value: SymmetricKey)?>(nil)

    func key(for key: Key) -> SymmetricKey? {
        entry.withLock { $0?.key == key ? $0?.value : nil }
    }

    func store(_ value: SymmetricKey, for key: Key) {
        entry.withLock { $0 = (key: key, value: value) }
    }
}
