import Foundation
import JSON
import TestSupport
import Testing

/// Runs `proto_compat.py` (next to this file) in the test venv and returns its JSON answer.
enum PythonPeer {
    static let script = RepositoryPaths.root.appendingPathComponent("Tests/ModalProtoTests/proto_compat.py")

    static func run(_ command: String, input: JSONValue? = nil) async throws -> JSONValue {
        let python = RepositoryPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw PeerError(
                message: "Python test peer not found at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)"
            )
        }
        let stdin = input.map { Data($0.serialized()) }
        let result = try await runCommand(python, [script.path, command], stdin: stdin, timeout: 120)
        guard result.status == 0 else {
            throw PeerError(
                message: "proto_compat.py \(command) failed (\(String(describing: result.status))): \(result.stderr)"
            )
        }
        return try JSONValue(parsing: result.stdout)
    }

    struct PeerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
