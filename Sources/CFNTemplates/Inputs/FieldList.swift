/// A repeatable input (a flag given several times, or a config key holding a list): the name to report when it is
/// missing, and each value with its own field name.
package struct FieldList: Sendable {
    package var name: String
    package var values: [Field<String>]

    package init(name: String, values: [Field<String>]) {
        self.name = name
        self.values = values
    }

    /// Values typed as a repeated flag: every value is reported under the flag's name.
    package static func flag(_ name: String, _ values: [String]) -> FieldList {
        FieldList(name: name, values: values.map { Field($0, name) })
    }

    package var isEmpty: Bool { values.isEmpty }

    /// Validates every value with `make`, rejecting duplicates.
    func validated<T: Hashable>(_ make: (Field<String>) throws(CFNError) -> T) throws(CFNError) -> [T] {
        var seen: Set<T> = []
        var result: [T] = []
        for field in values {
            let value = try make(field)
            guard seen.insert(value).inserted else {
                throw .conflicting(field.name, "'\(field.value)' is given twice")
            }
            result.append(value)
        }
        return result
    }
}
