/// A JSON object: members in their original order. Lookups return the last member of a name, as most parsers do.
package struct JSONObject: Sendable, Hashable {
    package private(set) var members: [(key: String, value: JSONValue)]

    package init() { self.members = [] }

    package init(_ members: [(String, JSONValue)]) {
        self.members = members.map { (key: $0.0, value: $0.1) }
    }

    package var keys: [String] { members.map(\.key) }
    package var count: Int { members.count }
    package var isEmpty: Bool { members.isEmpty }

    /// The value of the last member named `key`; setting replaces every member of that name in place
    /// (the first keeps its position) or appends; setting `nil` removes them.
    package subscript(key: String) -> JSONValue? {
        get { members.last(where: { $0.key == key })?.value }
        set {
            guard let newValue else {
                members.removeAll { $0.key == key }
                return
            }
            if let first = members.firstIndex(where: { $0.key == key }) {
                members[first].value = newValue
                var index = members.index(after: first)
                while index < members.endIndex {
                    if members[index].key == key { members.remove(at: index) } else { index += 1 }
                }
            } else {
                members.append((key: key, value: newValue))
            }
        }
    }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}

extension JSONObject: Sequence {
    package func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { members.makeIterator() }
}
