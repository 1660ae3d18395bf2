package import JSON

/// DynamoDB's typed JSON (`{"S": "…"}`, `{"N": "12.5"}`, `{"M": {…}}`, …) turned into plain JSON:
///
/// | DynamoDB | plain JSON |
/// |---|---|
/// | `S` | string |
/// | `N` | number, exactly the digits DynamoDB sent (never through `Double`) |
/// | `B` | the base64 string as sent |
/// | `SS` / `NS` / `BS` | array of strings / exact numbers / base64 strings |
/// | `M` / `L` | object / array, unmarshalled recursively |
/// | `NULL` | `null` |
/// | `BOOL` | boolean |
package enum DynamoDBJSON {
    /// Why a value is not DynamoDB JSON; `path` says where (`$.Id`, `$.tags[2]`).
    package struct Malformation: Error, Sendable, Hashable, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "\(path): \(reason)" }
    }

    /// An item (`Keys`, `NewImage`, `OldImage`): an object of attribute name → typed value.
    package static func item(_ value: JSONValue, path: String = "$") throws(Malformation) -> JSONValue {
        guard let attributes = value.objectValue else {
            throw Malformation(path: path, reason: "an item must be an object of attributes")
        }
        var members: [(String, JSONValue)] = []
        for (name, typed) in attributes { members.append((name, try attribute(typed, path: "\(path).\(name)"))) }
        return .object(JSONObject(members))
    }

    /// One typed value: an object with exactly one member whose name is the type.
    package static func attribute(_ value: JSONValue, path: String) throws(Malformation) -> JSONValue {
        guard let typed = value.objectValue, typed.count == 1, let (type, content) = typed.members.first else {
            throw Malformation(path: path, reason: "a typed value must be an object with exactly one type key")
        }
        switch (type, content) {
        case ("S", .string), ("B", .string):
            return content
        case ("N", .string(let text)):
            return .number(try number(text, path: path))
        case ("BOOL", .bool):
            return content
        case ("NULL", .bool(true)):
            return .null
        case ("SS", .array(let elements)), ("BS", .array(let elements)):
            for (index, element) in elements.enumerated() where element.stringValue == nil {
                throw Malformation(path: "\(path)[\(index)]", reason: "\(type) holds strings only")
            }
            return content
        case ("NS", .array(let elements)):
            var numbers: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                guard let text = element.stringValue else {
                    throw Malformation(path: "\(path)[\(index)]", reason: "NS holds numbers written as strings")
                }
                numbers.append(.number(try number(text, path: "\(path)[\(index)]")))
            }
            return .array(numbers)
        case ("M", .object):
            return try item(content, path: path)
        case ("L", .array(let elements)):
            var values: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                values.append(try attribute(element, path: "\(path)[\(index)]"))
            }
            return .array(values)
        default:
            throw Malformation(path: path, reason: "unsupported type \(type) or wrong content for it")
        }
    }

    /// DynamoDB numbers are decimal strings with up to 38 significant digits; they are kept as written when that is
    /// JSON number syntax (it is for everything DynamoDB emits), refused otherwise.
    private static func number(_ text: String, path: String) throws(Malformation) -> JSONNumber {
        guard let number = JSONNumber(text: text) else {
            throw Malformation(path: path, reason: "N is not a decimal number")
        }
        return number
    }
}
