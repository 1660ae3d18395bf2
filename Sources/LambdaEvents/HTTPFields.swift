/// Request headers (or query parameters) as an ordered list of names with their values, looked up
/// case-insensitively. Built from a single-value map and a multi-value map: when a name is in the multi-value map
/// its values win (the single map then holds only the last of them), otherwise the single value is used.
package struct HTTPFields: Sendable {
    package private(set) var entries: [(name: String, values: [String])]

    package init(_ entries: [(name: String, values: [String])] = []) {
        self.entries = []
        for entry in entries { append(entry.name, entry.values) }
    }

    /// Merges `single` (`name → text`) and `multi` (`name → [text]`) maps as described above.
    package init(single: [(name: String, value: String)], multi: [(name: String, values: [String])]) {
        self.entries = []
        for entry in multi { append(entry.name, entry.values) }
        for entry in single where !contains(entry.name) { append(entry.name, [entry.value]) }
    }

    /// Appends `values` to `name` (merged case-insensitively with an existing entry).
    package mutating func append(_ name: String, _ values: [String]) {
        let lowered = name.lowercased()
        if let index = entries.firstIndex(where: { $0.name.lowercased() == lowered }) {
            entries[index].values += values
        } else {
            entries.append((name: name, values: values))
        }
    }

    package func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// All values of `name`.
    package func values(_ name: String) -> [String] { index(of: name).map { entries[$0].values } ?? [] }

    /// The first value of `name`.
    package func first(_ name: String) -> String? { values(name).first }

    package var isEmpty: Bool { entries.isEmpty }

    private func index(of name: String) -> Int? {
        let lowered = name.lowercased()
        return entries.firstIndex { $0.name.lowercased() == lowered }
    }
}
