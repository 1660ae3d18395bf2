import JSON
import NIOPosix
import Primitives
import RuntimeAPI
import RuntimeAPIServer
import Testing

/// The NIO client against the local Runtime API server over real loopback sockets.
@Suite struct RuntimeAPIClientTests {
    private func withServer(
        _ behavior: RuntimeAPIServerBehavior = RuntimeAPIServerBehavior(),
        _ body: (RuntimeAPIServer, RuntimeAPIClient) async throws -> Void
    ) async throws {
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        let client = RuntimeAPIClient(
            endpoint: try RuntimeAPIEndpoint(server.address),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        do {
            try await body(server, client)
        } catch {
            await client.close()
            await server.shutdown()
            throw error
        }
        await client.close()
        await server.shutdown()
    }

    /// Lambda's endpoint is an IP literal (connected to directly); a host name still goes through the resolver.
    @Test func aHostNameEndpointIsResolved() async throws {
        let server = try await RuntimeAPIServer.start(behavior: RuntimeAPIServerBehavior())
        let literal = try RuntimeAPIEndpoint(server.address)
        let client = RuntimeAPIClient(
            endpoint: RuntimeAPIEndpoint(host: "localhost", port: literal.port),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        let id = server.enqueue(Array(#"{"n":1}"#.utf8))
        let result: Result<String, any Error>
        do { result = .success(try await client.next().requestID) } catch { result = .failure(error) }
        await client.close()
        await server.shutdown()
        #expect(try result.get() == id)
    }

    @Test func happyPathKeepsOneConnection() async throws {
        try await withServer { server, client in
            for index in 0..<3 {
                let event = Array(#"{"n":\#(index)}"#.utf8)
                let id = server.enqueue(event)
                let invocation = try await client.next()
                #expect(invocation.requestID == id)
                #expect(invocation.event == event)
                #expect(invocation.deadlineEpochMilliseconds > TimeSource.system.epochMilliseconds())
                try await client.postResponse(requestID: id, body: Array(#"{"ok":true}"#.utf8))
                #expect(await server.result(for: id) == .response(Array(#"{"ok":true}"#.utf8)))
            }
            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 3)
            #expect(posts.allSatisfy { $0.header("content-type") == "application/json" })
        }
    }

    @Test func chunkedNextBody() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.chunkedNext = true
        try await withServer(behavior) { server, client in
            let event = Array(String(repeating: "x", count: 100_000).utf8)
            let id = server.enqueue(Array("\"".utf8) + event + Array("\"".utf8))
            let invocation = try await client.next()
            #expect(invocation.requestID == id)
            #expect(invocation.event.count == event.count + 2)
            #expect(server.requests.count == 1)
        }
    }

    @Test func errorPostCarriesBodyAndHeader() async throws {
        try await withServer { server, client in
            let id = server.enqueue(Array("{}".utf8))
            _ = try await client.next()
            try await client.postError(
                requestID: id,
                report: ErrorReport(errorType: "Bridge.InvalidEvent", errorMessage: "the event is not JSON")
            )
            guard case .error(let body, let errorType) = await server.result(for: id) else {
                Issue.record("expected an error result")
                return
            }
            #expect(errorType == "Bridge.InvalidEvent")
            let json = try JSONValue(parsing: body)
            #expect(json["errorType"] == "Bridge.InvalidEvent")
            #expect(json["errorMessage"] == "the event is not JSON")
            #expect(json["stackTrace"] == [])
        }
    }

    @Test func unknownAndRepeatedRequestIDsGet400() async throws {
        try await withServer { server, client in
            do throws(RuntimeAPIError) {
                try await client.postResponse(requestID: "no-such-id", body: [])
                Issue.record("expected 400")
            } catch {
                #expect(error.code == .badRequest)
                #expect(error.status == 400)
                #expect(error.apiErrorType == "InvalidRequestID")
            }
            let id = server.enqueue(Array("{}".utf8))
            _ = try await client.next()
            try await client.postResponse(requestID: id, body: Array("1".utf8))
            await #expect(throws: RuntimeAPIError.self) {
                try await client.postResponse(requestID: id, body: Array("2".utf8))
            }
        }
    }

    @Test func oversizedResponseGets413() async throws {
        try await withServer { server, client in
            let id = server.enqueue(Array("{}".utf8))
            _ = try await client.next()
            do throws(RuntimeAPIError) {
                try await client.postResponse(
                    requestID: id,
                    body: [UInt8](repeating: UInt8(ascii: "a"), count: 6_291_557)
                )
                Issue.record("expected 413")
            } catch {
                #expect(error.code == .payloadTooLarge)
                #expect(error.apiErrorType == "RequestEntityTooLarge")
            }
            guard case .error(_, let errorType) = await server.result(for: id) else {
                Issue.record("expected the invocation to fail")
                return
            }
            #expect(errorType == "Function.ResponseSizeTooLarge")
        }
    }

    @Test func statusesMapToCodes() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.failNextWith403 = 1
        behavior.failNextWith500 = 1
        try await withServer(behavior) { _, client in
            await #expect { try await client.next() } throws: { ($0 as? RuntimeAPIError)?.code == .containerError }
            await #expect { try await client.next() } throws: { ($0 as? RuntimeAPIError)?.code == .forbidden }
        }
    }

    @Test func initErrorAfterInitIs403() async throws {
        try await withServer { server, client in
            try await client.postInitError(ErrorReport(errorType: "Runtime.InvalidHandler", errorMessage: "bad"))
            server.enqueue(Array("{}".utf8))
            _ = try await client.next()
            await #expect {
                try await client.postInitError(ErrorReport(errorType: "X.Y", errorMessage: "late"))
            } throws: {
                ($0 as? RuntimeAPIError)?.code == .forbidden
            }
        }
    }

    @Test func missingHeaderFromServerIsTypedError() async throws {
        var behavior = RuntimeAPIServerBehavior()
        behavior.omittedHeaders = ["Lambda-Runtime-Deadline-Ms"]
        try await withServer(behavior) { server, client in
            let id = server.enqueue(Array("{}".utf8))
            do throws(RuntimeAPIError) {
                _ = try await client.next()
                Issue.record("expected missing header")
            } catch {
                #expect(error.code == .missingHeader)
                #expect(error.requestID == id)
            }
        }
    }

    @Test func pathPrefixIsUsed() async throws {
        let server = try await RuntimeAPIServer.start()
        defer { Task { await server.shutdown() } }
        let client = RuntimeAPIClient(
            endpoint: try RuntimeAPIEndpoint("http://\(server.address)/.rt"),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        await #expect { try await client.next() } throws: { ($0 as? RuntimeAPIError)?.status == 404 }
        #expect(server.requests.first?.path == "/.rt/2018-06-01/runtime/invocation/next")
        await client.close()
    }

    @Test func reconnectsOnceThenReportsConnectionLost() async throws {
        let server = try await RuntimeAPIServer.start()
        let client = RuntimeAPIClient(
            endpoint: try RuntimeAPIEndpoint(server.address),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        let id = server.enqueue(Array("{}".utf8))
        _ = try await client.next()
        await server.shutdown()  // listening socket closed: the reconnect fails
        await #expect { try await client.postResponse(requestID: id, body: []) } throws: {
            ($0 as? RuntimeAPIError)?.code == .connectionLost
        }
        await client.close()
    }
}

@Suite struct RuntimeAPIReconnectTests {
    @Test func reconnectsAfterTheServerDropsTheConnection() async throws {
        let server = try await RuntimeAPIServer.start()
        let client = RuntimeAPIClient(
            endpoint: try RuntimeAPIEndpoint(server.address),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        )
        let id = server.enqueue(Array("{}".utf8))
        _ = try await client.next()
        await server.closeConnections()
        try await client.postResponse(requestID: id, body: Array("{}".utf8))
        #expect(await server.result(for: id) == .response(Array("{}".utf8)))
        await client.close()
        await server.shutdown()
    }
}
