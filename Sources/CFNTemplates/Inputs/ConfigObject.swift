import JSON

/// A JSON object of a configuration file being read: typed getters that name the path of every value (`functions[0].app`)
/// and a final check that rejects keys nobody asked for (a typo must not be ignored silently).
struct ConfigObject {
    let object: JSONObject
    /// The path of this object (`""` for the root).
    let path: String
    private var known: [String] = []

    init(_ value: JSONValue, path: String) throws(CFNError) {
        guard let object = value.objectValue else {
            throw .config(path.isEmpty ? "configuration" : path, "must be a JSON object")
        }
        self.object = object
        self.path = path
        var seen: Set<String> = []
        for key in object.keys where !seen.insert(key).inserted {
            throw .config(name(key), "is given twice in the configuration (JSON keys must be unique)")
        }
    }

    /// The field name of `key`.
    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func raw(_ key: String) -> JSONValue? {
        known.append(key)
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(CFNError) -> Field<String>? {
        guard let value = raw(key) else { return nil }
        guard let string = value.stringValue else { throw .config(name(key), "must be a string") }
        return Field(string, name(key))
    }

    mutating func int(_ key: String) throws(CFNError) -> Field<Int>? {
        guard let value = raw(key) else { return nil }
        guard let number = value.numberValue?.int64Value, let int = Int(exactly: number) else {
            throw .config(name(key), "must be an integer")
        }
        return Field(int, name(key))
    }

    mutating func bool(_ key: String) throws(CFNError) -> Bool? {
        guard let value = raw(key) else { return nil }
        guard let bool = value.boolValue else { throw .config(name(key), "must be true or false") }
        return bool
    }

    /// A boolean with its field name.
    mutating func boolField(_ key: String) throws(CFNError) -> Field<Bool>? {
        try bool(key).map { Field($0, name(key)) }
    }

    /// A string or a list of strings.
    mutating func strings(_ key: String) throws(CFNError) -> FieldList {
        guard let value = raw(key) else { return FieldList(name: name(key), values: []) }
        if let string = value.stringValue { return FieldList(name: name(key), values: [Field(string, name(key))]) }
        guard let array = value.arrayValue else { throw .config(name(key), "must be a string or a list of strings") }
        var values: [Field<String>] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else { throw .config("\(name(key))[\(index)]", "must be a string") }
            values.append(Field(string, "\(name(key))[\(index)]"))
        }
        return FieldList(name: name(key), values: values)
    }

    mutating func json(_ key: String) -> Field<JSONValue>? {
        raw(key).map { Field($0, name(key)) }
    }

    mutating func object(_ key: String) throws(CFNError) -> ConfigObject? {
        guard let value = raw(key) else { return nil }
        return try ConfigObject(value, path: name(key))
    }

    /// `true` (an empty object), `false`/absent (`nil`), or an object.
    mutating func switchOrObject(_ key: String) throws(CFNError) -> ConfigObject? {
        guard let value = raw(key) else { return nil }
        if let flag = value.boolValue { return flag ? try ConfigObject([:], path: name(key)) : nil }
        return try ConfigObject(value, path: name(key))
    }

    mutating func objects(_ key: String) throws(CFNError) -> [ConfigObject]? {
        guard let value = raw(key) else { return nil }
        guard let array = value.arrayValue else { throw .config(name(key), "must be a list of objects") }
        var result: [ConfigObject] = []
        for (index, element) in array.enumerated() {
            result.append(try ConfigObject(element, path: "\(name(key))[\(index)]"))
        }
        return result
    }

    /// Fails on a key that was not read.
    func finish() throws(CFNError) {
        for key in object.keys where !known.contains(key) {
            throw .config(name(key), "unknown key; expected one of \(known.joined(separator: ", "))")
        }
    }
}
