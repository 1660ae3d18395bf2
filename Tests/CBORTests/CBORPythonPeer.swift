import Foundation
import JSON
import TestSupport
import Testing

/// Runs `scripts/cbor_vectors.py` with the test venv's Python (cbor2 pinned in scripts/requirements-test.txt).
struct CBORPythonPeer {
    let directory: URL

    /// A fresh temporary folder for this test's files.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cbor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func removeFiles() { try? FileManager.default.removeItem(at: directory) }

    /// Runs the script and returns the JSON summary it prints on its last line.
    func run(_ arguments: [String]) async throws -> JSONValue {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "No Python at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON) to install cbor2"
        )
        let script = RepositoryPaths.scripts.appendingPathComponent("cbor_vectors.py").path
        let result = try await runCommand(python, [script] + arguments, timeout: 300)
        let lastLine = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let summary = try? JSONValue(parsing: lastLine)
        try #require(
            summary != nil,
            "cbor_vectors.py \(arguments.first ?? "") printed no summary: \(result.stderr.suffix(2000))"
        )
        if result.status != 0 {
            Issue.record(
                "cbor_vectors.py \(arguments.first ?? "") exited \(String(describing: result.status)): \(lastLine.prefix(4000)) \(result.stderr.suffix(2000))"
            )
        }
        return summary ?? .null
    }

    /// Reads a JSON-lines file into values.
    static func readLines(_ url: URL) throws -> [JSONValue] {
        let data = Array(try Data(contentsOf: url))
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONValue(parsing: $0) }
    }

    /// Writes `{"id", "json", "cbor"}` lines for `check`.
    static func writeLines(_ records: [(id: Int, json: String, cbor: [UInt8])], to url: URL) throws {
        var output: [UInt8] = []
        for record in records {
            let line: JSONValue = [
                "id": .integer(record.id), "json": .string(record.json), "cbor": .string(Hex.string(record.cbor)),
            ]
            output.append(contentsOf: line.serialized())
            output.append(UInt8(ascii: "\n"))
        }
        try Data(output).write(to: url)
    }
}
