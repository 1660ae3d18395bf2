import SigV4
import Testing

/// The fixed vectors of the reference (§1.4 GetSecretValue, §2.2 `post-vanilla`), computed by botocore, awscrt
/// and a plain hashlib implementation.
@Suite("SigV4 fixed vectors")
struct GetSecretValueVectorTests {
    static let credentials = SigningCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let time = SigV4Timestamp(amzDate: "20150830T123600Z")!
    static let body = Array(#"{"SecretId":"modal/token"}"#.utf8)

    static func getSecretValueRequest() -> SigV4Request {
        SigV4Request(
            method: "POST",
            host: "secretsmanager.us-east-1.amazonaws.com",
            path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "secretsmanager.GetSecretValue"),
            ],
            body: body
        )
    }

    @Test func bodyHash() {
        #expect(
            SigV4Signer.hexSHA256(Self.body) == "71a1112770e042a11ee6a6d77fc025dafa7d49df67c67934cd910cf9fd79baa9"
        )
        #expect(SigV4Signer.hexSHA256([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func withoutSessionToken() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "secretsmanager")
        let signature = signer.sign(Self.getSecretValueRequest(), at: Self.time)
        #expect(
            signature.canonicalRequest == """
                POST
                /

                content-type:application/x-amz-json-1.1
                host:secretsmanager.us-east-1.amazonaws.com
                x-amz-date:20150830T123600Z
                x-amz-target:secretsmanager.GetSecretValue

                content-type;host;x-amz-date;x-amz-target
                71a1112770e042a11ee6a6d77fc025dafa7d49df67c67934cd910cf9fd79baa9
                """
        )
        #expect(
            SigV4Signer.hexSHA256(Array(signature.canonicalRequest.utf8))
                == "b74851be3d1830ebfa97d383de2811315a229d63545645446c4db5ff6d9f9dc8"
        )
        #expect(
            signature.stringToSign == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/secretsmanager/aws4_request
                b74851be3d1830ebfa97d383de2811315a229d63545645446c4db5ff6d9f9dc8
                """
        )
        #expect(signature.signature == "4094980cfcd67351c4555cd66781c28bb80f667475bd0594c97f4047cc436cc0")
        #expect(
            signature.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/secretsmanager/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=4094980cfcd67351c4555cd66781c28bb80f667475bd0594c97f4047cc436cc0"
        )
        #expect(signature.headersToAdd.map(\.name) == ["X-Amz-Date", "Authorization"])
        #expect(signature.headersToAdd.first?.value == "20150830T123600Z")
    }

    @Test func withSessionToken() {
        var credentials = Self.credentials
        credentials.sessionToken = "FQoGZXIvYXdzEXAMPLETOKEN=="
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "secretsmanager")
        let signature = signer.sign(Self.getSecretValueRequest(), at: Self.time)
        #expect(signature.signedHeaders == "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        #expect(
            SigV4Signer.hexSHA256(Array(signature.canonicalRequest.utf8))
                == "eb5ba1abbf8238e6027a9f0b66b3a7442bc0fd063f61615022b2d091e5de6e12"
        )
        #expect(signature.signature == "cba0dfe60b1e1af4df2bd49f4a78cc18e0d57c2934f16b5185ecf74b77d3519f")
        #expect(signature.headersToAdd.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(signature.headersToAdd[1].value == "FQoGZXIvYXdzEXAMPLETOKEN==")
    }

    /// Caller-supplied `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token` and `Host` entries are replaced, and
    /// headers a proxy may rewrite are sent but not signed: the signature stays the §1.4 one.
    @Test func ownHeadersAreReplacedAndProxyHeadersNotSigned() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "secretsmanager")
        var request = Self.getSecretValueRequest()
        request.headers += [
            (name: "Authorization", value: "stale"), (name: "X-Amz-Date", value: "20000101T000000Z"),
            (name: "host", value: "elsewhere.example"), (name: "User-Agent", value: "modal-bridge/1"),
            (name: "X-Amzn-Trace-Id", value: "Root=1-abc"), (name: "Connection", value: "keep-alive"),
            (name: "Transfer-Encoding", value: "chunked"), (name: "Expect", value: "100-continue"),
        ]
        let signature = signer.sign(request, at: Self.time)
        #expect(signature.signature == "4094980cfcd67351c4555cd66781c28bb80f667475bd0594c97f4047cc436cc0")
    }

    /// aws-c-auth `post-vanilla`: service `service`, host `example.amazonaws.com`, empty body.
    @Test func postVanilla() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let signature = signer.sign(SigV4Request(method: "POST", host: "example.amazonaws.com"), at: Self.time)
        #expect(signature.signedHeaders == "host;x-amz-date")
        #expect(signature.signature == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    /// One signer across days: the cached signing key follows the scope date (a stale key would change the
    /// signature), so each result equals a fresh signer's.
    @Test func signingKeyCacheFollowsTheDay() {
        let shared = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "secretsmanager")
        let base = Self.time.secondsSinceEpoch
        for offset: Int64 in [0, 60, 86_400, 86_400 + 5, 0, -86_400, 40 * 86_400, 0] {
            let time = SigV4Timestamp(secondsSinceEpoch: base + offset)
            let fresh = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "secretsmanager")
            #expect(
                shared.sign(Self.getSecretValueRequest(), at: time).signature
                    == fresh.sign(Self.getSecretValueRequest(), at: time).signature
            )
        }
    }
}
