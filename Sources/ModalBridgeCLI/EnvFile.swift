import Foundation

/// Reads `KEY=VALUE` files (the `.env` convention): blank lines and `#` comments are skipped, an `export ` prefix
/// is allowed, and values may be wrapped in single or double quotes.
enum EnvFile {
    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "env file line \(line): \(reason)" }
    }

    static func parse(contentsOf url: URL) throws -> [(String, String)] {
        try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    static func parse(_ text: String) throws -> [(String, String)] {
        var result: [(String, String)] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") {
                line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces)
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(line: offset + 1, reason: "expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ParseError(line: offset + 1, reason: "invalid variable name '\(key)'")
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
                if first == "\"" { value = value.replacingOccurrences(of: "\\n", with: "\n") }
            }
            result.append((key, value))
        }
        return result
    }
}
