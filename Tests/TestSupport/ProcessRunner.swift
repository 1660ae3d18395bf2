package import Foundation

/// Runs a child process with a deadline, captures its output and kills it by PID (never by name) when the deadline
/// passes or the caller is done with it.
package final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    /// Starts `executable` with `arguments`; `environment` replaces the child's environment when given.
    package init(
        _ executable: URL,
        _ arguments: [String] = [],
        environment: [String: String]? = nil,
        currentDirectory: URL? = nil,
        stdin: Data? = nil
    ) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.stdoutData.append(chunk) }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.stderrData.append(chunk) }
        }
        try process.run()
        if let stdin { inputPipe.fileHandleForWriting.write(stdin) }
        try? inputPipe.fileHandleForWriting.close()
    }

    package var pid: Int32 { process.processIdentifier }
    package var isRunning: Bool { process.isRunning }

    /// What the child wrote to stdout so far.
    package var stdout: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    /// What the child wrote to stderr so far.
    package var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// Waits for the child to exit; kills it (SIGKILL by PID) after `timeout` seconds. Returns the exit status,
    /// or `nil` when it had to be killed.
    @discardableResult
    package func wait(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() >= deadline {
                kill()
                return nil
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        drain()
        return process.terminationStatus
    }

    /// Waits until `predicate` holds for the output seen so far, or the timeout passes.
    package func waitForOutput(timeout: Double, _ predicate: (String, String) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(stdout, stderr) { return true }
            if !process.isRunning {
                drain()
                return predicate(stdout, stderr)
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return false
    }

    /// Kills the child by PID.
    package func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        drain()
    }

    /// Sends SIGTERM by PID and waits up to `grace` seconds before SIGKILL.
    package func terminate(grace: Double = 2) async {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGTERM)
            _ = await wait(timeout: grace)
        }
        kill()
    }

    private func drain() {
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        let restOut = (try? stdoutPipe.fileHandleForReading.readToEnd()) ?? nil
        let restErr = (try? stderrPipe.fileHandleForReading.readToEnd()) ?? nil
        lock.withLock {
            if let restOut { stdoutData.append(restOut) }
            if let restErr { stderrData.append(restErr) }
        }
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

/// Runs a command to completion and returns (status, stdout, stderr); kills it after `timeout` seconds.
package func runCommand(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]? = nil,
    currentDirectory: URL? = nil,
    stdin: Data? = nil,
    timeout: Double = 120
) async throws -> (status: Int32?, stdout: String, stderr: String) {
    let child = try ChildProcess(executable, arguments, environment: environment, currentDirectory: currentDirectory, stdin: stdin)
    let status = await child.wait(timeout: timeout)
    return (status, child.stdout, child.stderr)
}
