import Foundation
import TestSupport
import Testing

/// The pinned Python peers (cfn-lint, moto) from the test venv.
enum PythonTools {
    /// The venv interpreter; the test fails with a clear message when `make venv` has not run.
    static func interpreter(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let python = RepositoryPaths.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no Python test venv at \(python.path): run `make venv` (or set MODAL_BRIDGE_PYTHON)",
            sourceLocation: sourceLocation
        )
        return python
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cfn-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
