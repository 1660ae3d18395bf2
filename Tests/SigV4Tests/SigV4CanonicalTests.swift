import SigV4
import Testing

@Suite("SigV4 canonical pieces")
struct SigV4CanonicalTests {
    @Test(arguments: [
        ("", "/"), ("/", "/"), ("//", "/"), ("/a//b/", "/a/b/"), ("/a/./b", "/a/b"), ("/a/../b", "/b"),
        ("/../..", "/"), ("/a/..", "/"), ("/a/../", "/"), ("/a/b/../c/./d/", "/a/c/d/"), ("/example/..", "/"),
    ])
    func dotSegments(input: String, expected: String) {
        #expect(SigV4Canonical.removeDotSegments(input) == expected)
    }

    @Test(arguments: [
        ("/", "/"), ("/ሴ", "/%E1%88%B4"), ("/a b", "/a%20b"), ("/a%20b", "/a%2520b"), ("/-._~AZaz09", "/-._~AZaz09"),
        ("/!$&'()*+,;=:@", "/%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40"),
    ])
    func uri(path: String, expected: String) {
        #expect(SigV4Canonical.uri(path) == expected)
    }

    @Test func query() {
        let parameters: [(name: String, value: String)] = [
            (name: "b", value: "2"), (name: "a", value: "z"), (name: "a", value: "y"), (name: "Param", value: "a b"),
            (name: "empty", value: ""), (name: "é", value: "+/="),
        ]
        #expect(SigV4Canonical.query(parameters) == "%C3%A9=%2B%2F%3D&Param=a%20b&a=y&a=z&b=2&empty=")
        #expect(SigV4Canonical.query([]) == "")
    }

    @Test func headers() {
        let fields: [(name: String, value: String)] = [
            (name: "My-Header1", value: "  value1 "), (name: "my-header2", value: "\"a   b   c\""),
            (name: "MY-HEADER1", value: "value2\n   continued"), (name: "User-Agent", value: "not signed"),
            (name: "Zeta", value: ""), (name: "alpha", value: "x\ty"),
        ]
        let canonical = SigV4Canonical.headers(fields)
        #expect(canonical.map(\.name) == ["alpha", "my-header1", "my-header2", "zeta"])
        #expect(canonical.map(\.value) == ["x y", "value1,value2 continued", "\"a b c\"", ""])
    }

    @Test(
        arguments: [
            ("https", "Example.COM", nil, "example.com"), ("https", "example.com", 443, "example.com"),
            ("http", "example.com", 80, "example.com"), ("http", "127.0.0.1", 4566, "127.0.0.1:4566"),
            ("https", "example.com", 80, "example.com:80"), ("http", "::1", 8080, "[::1]:8080"),
        ] as [(String, String, Int?, String)]
    )
    func hostHeader(scheme: String, host: String, port: Int?, expected: String) {
        #expect(SigV4Canonical.hostHeader(scheme: scheme, host: host, port: port) == expected)
    }

    @Test(arguments: [
        (Int64(0), "19700101T000000Z"), (951_782_400, "20000229T000000Z"), (1_440_938_160, "20150830T123600Z"),
        (1_709_251_199, "20240229T235959Z"), (4_107_542_400, "21000301T000000Z"), (-1, "19691231T235959Z"),
    ])
    func timestamps(seconds: Int64, amzDate: String) {
        let time = SigV4Timestamp(secondsSinceEpoch: seconds)
        #expect(time.amzDate == amzDate)
        #expect(time.scopeDate == String(amzDate.prefix(8)))
        #expect(SigV4Timestamp(amzDate: amzDate) == time)
    }

    @Test(arguments: ["", "20150830T123600", "20151330T123600Z", "2015-08-30T12:36:00Z", "20150830T246000Z"])
    func malformedAmzDate(text: String) {
        #expect(SigV4Timestamp(amzDate: text) == nil)
    }

    @Test func credentialsDescriptionRedacts() {
        let credentials = SigningCredentials(
            accessKeyID: "ASIAEXAMPLEKEY123456",
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "FQoGZXIvYXdzEXAMPLETOKEN=="
        )
        let text = "\(credentials) \(String(reflecting: credentials))"
        #expect(!text.contains("EXAMPLEKEY123456"))
        #expect(!text.contains("wJalrXUtnFEMI"))
        #expect(!text.contains("FQoGZXIvYXdz"))
        #expect(text.contains("ASIA…"))
        #expect(SigningCredentials(accessKeyID: "a", secretAccessKey: "b", sessionToken: "").sessionToken == nil)
    }
}
