import ArgumentParser
import Foundation
import JSON
import RuntimeAPIServer

/// `modal-bridge invoke EVENT.json`: runs the real `bootstrap` against an embedded Runtime API on 127.0.0.1 and
/// prints the response — how a user tries the bridge on a laptop, with no AWS account.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke the bootstrap locally with an event file.",
        discussion: """
            Starts a local Lambda Runtime API on 127.0.0.1, runs the bootstrap binary against it with the current \
            environment (plus --env-file), sends EVENT once, prints the response as pretty JSON on stdout and the \
            runtime's log lines on stderr. Exits 1 when the invocation fails or init fails.

            Example: modal-bridge invoke events/s3-put.json --handler echo
            """
    )

    @Argument(help: "The event JSON file ('-' reads standard input).")
    var event: String

    @Option(name: .long, help: "A file of KEY=VALUE lines added to the environment (# comments, optional quotes).")
    var envFile: String?

    @Option(name: .long, help: "Sets _HANDLER (for example 'echo').")
    var handler: String?

    @Option(name: .long, help: "The bootstrap binary (default: the one next to this program).")
    var bootstrap: String?

    @Option(name: .long, help: "Invocation timeout in seconds (the deadline the runtime sees).")
    var timeout: Double = 30

    @Flag(name: .long, help: "Print the response compactly instead of pretty JSON.")
    var compact = false

    func validate() throws {
        guard timeout > 0, timeout <= 900 else { throw ValidationError("--timeout must be between 0 and 900 seconds") }
    }

    func run() async throws {
        let eventBytes = try readEvent()
        var environment = ProcessInfo.processInfo.environment
        if let envFile {
            for (key, value) in try EnvFile.parse(contentsOf: URL(fileURLWithPath: envFile)) {
                environment[key] = value
            }
        }
        if let handler { environment["_HANDLER"] = handler }
        let executable = try bootstrapURL()

        var behavior = RuntimeAPIServerBehavior()
        behavior.timeoutMilliseconds = Int64(timeout * 1000)
        behavior.invokedFunctionARN =
            "arn:aws:lambda:\(environment["AWS_REGION"] ?? "us-east-1"):000000000000:function:modal-bridge-local"
        let server = try await RuntimeAPIServer.start(behavior: behavior)
        defer { Task { await server.shutdown() } }

        environment["AWS_LAMBDA_RUNTIME_API"] = server.address
        environment["AWS_LAMBDA_FUNCTION_NAME"] = environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "modal-bridge-local"
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = environment["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] ?? "512"

        let process = Process()
        process.executableURL = executable
        process.environment = environment
        process.standardOutput = FileHandle.standardError  // runtime logs go to stderr, the response to stdout
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        try process.run()

        let requestID = server.enqueue(eventBytes)
        let outcome = await waitForResult(server: server, requestID: requestID, process: process)
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try finish(outcome, server: server)
    }

    private enum Outcome {
        case result(InvocationResult)
        case exited(Int32)
        case timedOut
    }

    private func waitForResult(server: RuntimeAPIServer, requestID: String, process: Process) async -> Outcome {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask { .result(await server.result(for: requestID)) }
            group.addTask {
                let limit = Date().addingTimeInterval(timeout + 5)
                while process.isRunning, Date() < limit, !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
                if Task.isCancelled { return .timedOut }
                if process.isRunning { return .timedOut }
                return .exited(process.terminationStatus)
            }
            let first = await group.next() ?? .timedOut
            server.abandonAll("the invoke command stopped waiting")
            group.cancelAll()
            return first
        }
    }

    private func finish(_ outcome: Outcome, server: RuntimeAPIServer) throws {
        switch outcome {
        case .result(.response(let body)):
            print(render(body))
        case .result(.error(let body, let errorType)):
            print(render(body))
            printError("invocation failed: \(errorType ?? "unknown error type")")
            throw ExitCode(1)
        case .result(.abandoned(let reason)):
            printError("no result: \(reason)")
            throw ExitCode(1)
        case .exited(let status):
            if let initError = server.requests.last(where: { $0.path.hasSuffix("/runtime/init/error") }) {
                print(render(initError.body))
                printError(
                    "init failed: \(initError.header("Lambda-Runtime-Function-Error-Type") ?? "unknown error type")"
                )
            } else {
                printError("bootstrap exited with status \(status) before answering")
            }
            throw ExitCode(1)
        case .timedOut:
            printError("no result within \(timeout) s; bootstrap was stopped")
            throw ExitCode(1)
        }
    }

    private func render(_ body: [UInt8]) -> String {
        guard let value = try? JSONValue(parsing: body) else { return String(decoding: body, as: UTF8.self) }
        return value.serializedString(compact ? .compact : JSONWriteOptions(pretty: true))
    }

    private func readEvent() throws -> [UInt8] {
        if event == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: event)))
        } catch {
            throw ValidationError("cannot read event file \(event): \(error.localizedDescription)")
        }
    }

    private func bootstrapURL() throws -> URL {
        if let bootstrap {
            guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
                throw ValidationError("--bootstrap \(bootstrap) is not an executable file")
            }
            return URL(fileURLWithPath: bootstrap)
        }
        let selfURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = selfURL.deletingLastPathComponent().appendingPathComponent("bootstrap")
        guard FileManager.default.isExecutableFile(atPath: sibling.path) else {
            throw ValidationError(
                "no bootstrap next to \(selfURL.path); build it (make build) or pass --bootstrap PATH"
            )
        }
        return sibling
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
