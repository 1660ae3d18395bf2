import JSON

extension EventFixtures {
    /// The HTTP fixtures whose header and query maps `widened(_:by:)` grows.
    package static let httpNames = ["apigw-v1.json", "apigw-v2.json", "alb.json", "alb-multi-value-headers.json"]

    /// `events/<name>` with `count` extra distinct names added to every header and query-parameter map it has
    /// (`headers`, `multiValueHeaders`, `queryStringParameters`, `multiValueQueryStringParameters`), each name
    /// also repeated in another case so the case-insensitive merge has work to do.
    package static func widened(_ name: String, by count: Int) throws -> [UInt8] {
        guard case .object(var event) = try JSONValue(parsing: bytes(name)) else { return try bytes(name) }
        for key in ["headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters"] {
            guard case .object(let map) = event[key] else { continue }
            let multi = key.hasPrefix("multi")
            var members = map.members.map { ($0.key, $0.value) }
            for number in 0..<count {
                for spelling in ["X-Extra-\(number)", "x-extra-\(number)"] {
                    members.append(
                        (
                            spelling,
                            multi ? .array([.string("v\(number)"), .string("w\(number)")]) : .string("v\(number)")
                        )
                    )
                }
            }
            event[key] = .object(JSONObject(members))
        }
        return JSONValue.object(event).serialized()
    }
}
