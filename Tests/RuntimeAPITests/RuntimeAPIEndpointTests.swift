import RuntimeAPI
import Testing

@Suite struct RuntimeAPIEndpointTests {
    @Test(arguments: [
        ("127.0.0.1:9001", "127.0.0.1", 9001, ""),
        ("localhost:9001", "localhost", 9001, ""),
        ("http://127.0.0.1:9000/.rt", "127.0.0.1", 9000, "/.rt"),
        ("http://127.0.0.1:9000/.rt/", "127.0.0.1", 9000, "/.rt"),
        ("http://127.0.0.1:9000", "127.0.0.1", 9000, ""),
        ("[::1]:9001", "::1", 9001, ""),
        (" 127.0.0.1:9001\n", "127.0.0.1", 9001, ""),
        // A CR LF pair is one Character in Swift: trimming by `== "\r"` / `== "\n"` left it in place.
        ("127.0.0.1:9001\r\n", "127.0.0.1", 9001, ""),
    ])
    func parses(input: String, host: String, port: Int, prefix: String) throws {
        let endpoint = try RuntimeAPIEndpoint(input)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.pathPrefix == prefix)
    }

    @Test func hostHeaderBracketsIPv6() throws {
        #expect(try RuntimeAPIEndpoint("[::1]:9001").hostHeader == "[::1]:9001")
        #expect(try RuntimeAPIEndpoint("127.0.0.1:9001").hostHeader == "127.0.0.1:9001")
    }

    @Test(arguments: [
        "", "127.0.0.1", "127.0.0.1:", "127.0.0.1:http", ":9001", "https://127.0.0.1:9001", "127.0.0.1:70000",
        "[::1:9001",
    ])
    func rejects(input: String) {
        #expect(throws: RuntimeAPIError.self) { try RuntimeAPIEndpoint(input) }
        do throws(RuntimeAPIError) {
            _ = try RuntimeAPIEndpoint(input)
        } catch {
            #expect(error.code == .invalidEndpoint)
            #expect(error.message.contains("AWS_LAMBDA_RUNTIME_API"))
        }
    }
}
