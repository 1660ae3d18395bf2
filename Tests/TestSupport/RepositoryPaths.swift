package import Foundation

/// Paths inside the checkout, found from this file's location (SwiftPM resources cannot live outside a target,
/// and `events/`, `infra/` and `scripts/` are top-level folders).
package enum RepositoryPaths {
    /// The checkout's root folder.
    package static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/TestSupport/RepositoryPaths.swift
        return url
    }()

    package static var events: URL { root.appendingPathComponent("events") }
    package static var infra: URL { root.appendingPathComponent("infra") }
    package static var scripts: URL { root.appendingPathComponent("scripts") }

    /// The Python interpreter of the test venv that `make venv` creates (`.venv/bin/python`), or the one named by
    /// `MODAL_BRIDGE_PYTHON`. Tests that need a Python peer fail with a clear message when it is missing.
    package static var python: URL {
        if let override = ProcessInfo.processInfo.environment["MODAL_BRIDGE_PYTHON"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return root.appendingPathComponent(".venv/bin/python")
    }

    /// A built product of this package (`bootstrap`, `modal-bridge`) in the build folder the tests run from.
    package static func builtProduct(_ name: String) -> URL {
        // The test bundle lives in the build folder next to the products.
        let bundle = Bundle.main.bundleURL
        var candidates: [URL] = [bundle.appendingPathComponent(name), bundle.deletingLastPathComponent().appendingPathComponent(name)]
        if let override = ProcessInfo.processInfo.environment["MODAL_BRIDGE_BIN_DIR"], !override.isEmpty {
            candidates.insert(URL(fileURLWithPath: override).appendingPathComponent(name), at: 0)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Reads a file below the root as bytes.
    package static func read(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }
}
