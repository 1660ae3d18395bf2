import JSON
import RuntimeAPIServer
import TestSupport
import Testing

/// `_HANDLER` picks the handler; a value that names neither fails init through `/runtime/init/error`.
@Suite struct HandlerSelectionTests {
    /// Runs `bootstrap` with `_HANDLER` = `handler` (unset when `nil`) and no bridge configuration; returns the
    /// exit status and the init error posted.
    private func initFailure(handler: String?) async throws -> (status: Int32?, initError: RecordedRequest?) {
        let server = try await RuntimeAPIServer.start()
        var environment = ["PATH": "/usr/bin:/bin", "AWS_LAMBDA_RUNTIME_API": server.address]
        if let handler { environment["_HANDLER"] = handler }
        let child = try ChildProcess(RepositoryPaths.builtProduct("bootstrap"), [], environment: environment)
        let status = await child.wait(timeout: 30)
        await server.shutdown()
        #expect(server.requests.allSatisfy { !$0.path.hasSuffix("/next") }, "init failed, so no /next")
        return (status, server.requests.first { $0.path.hasSuffix("/runtime/init/error") })
    }

    /// Failed on the old code: an unknown handler silently ran the bridge (and failed on MODAL_APP_NAME instead).
    @Test(arguments: ["no.such.handler", "index.handler", "Echo", "boot strap"])
    func unknownHandlerFailsInitNamingTheVariable(handler: String) async throws {
        let (status, initError) = try await initFailure(handler: handler)
        #expect(status == 1)
        let request = try #require(initError)
        #expect(request.header("Lambda-Runtime-Function-Error-Type") == "Config.Invalid")
        let body = try JSONValue(parsing: request.body)
        let message = body["errorMessage"]?.stringValue ?? ""
        #expect(message.hasPrefix("_HANDLER"), "\(message)")
        #expect(message.contains("bootstrap") && message.contains("echo"), "the message names the valid handlers")
    }

    /// The bridge's names (and no value at all) select the bridge: it then fails on its own configuration.
    /// `_HANDLER` is read with the rule of every variable (surrounding whitespace dropped; Lambda itself refuses
    /// whitespace in a function's handler, so only local runs can have it).
    @Test(arguments: ["bootstrap", "bridge", " bootstrap\n", "", " ", nil] as [String?])
    func bridgeNamesSelectTheBridge(handler: String?) async throws {
        let (status, initError) = try await initFailure(handler: handler)
        #expect(status == 1)
        let body = try JSONValue(parsing: try #require(initError).body)
        #expect(body["errorMessage"]?.stringValue?.contains("MODAL_APP_NAME") == true)
    }
}
