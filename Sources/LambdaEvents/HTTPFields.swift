/// Request headers (or query parameters) as an ordered list of names with their values, looked up
/// case-insensitively. Built from a single-value map and a multi-value map: when a name is in the multi-value map
/// its values win (the single map then holds only the last of them), otherwise the single value is used.
///
/// Lookups and appends go through an index by lower-cased name, so building fields from n names is linear in n
/// (a request can carry thousands of headers).
package struct HTTPFields: Sendable {
    package private(set) var entries: [(name: String, values: [String])]
    /// Position in `entries` of each lower-cased name.
    private var positions: [String: Int]

    package init(_ entries: [(name: String, values: [String])] = []) {
        self.entries = []
        self.positions = [:]
        for entry in entries { append(entry.name, entry.values) }
    }

    /// Merges `single` (`name → text`) and `multi` (`name → [text]`) maps as described above.
    package init(single: [(name: String, value: String)], multi: [(name: String, values: [String])]) {
        self.init(multi)
        for entry in single where !contains(entry.name) { append(entry.name, [entry.value]) }
    }

    /// Appends `values` to `name` (merged case-insensitively with an existing entry).
    package mutating func append(_ name: String, _ values: [String]) {
        let lowered = name.lowercased()
        if let index = positions[lowered] {
            entries[index].values += values
        } else {
            positions[lowered] = entries.count
            entries.append((name: name, values: values))
        }
    }

    package func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// All values of `name`.
    package func values(_ name: String) -> [String] { index(of: name).map { entries[$0].values } ?? [] }

    /// The first value of `name`.
    package func first(_ name: String) -> String? { values(name).first }

    package var isEmpty: Bool { entries.isEmpty }

    private func index(of name: String) -> Int? { positions[name.lowercased()] }
}
