extension StackSpec {
    /// Names that must be unique across the functions of one stack (a second use fails at deploy time, or silently
    /// routes to the other function): bucket names, Lambda function names, Modal role names (IAM compares them
    /// without case) and HTTP route keys (API Gateway treats `/a/{x}` and `/a/{y}` as the same route). A DynamoDB
    /// stream takes at most two readers per shard (more may be throttled), so at most two functions of a stack read one.
    static func checkUnique(_ inputs: [BridgedFunctionInput]) throws(CFNError) {
        var readers: [String: [String]] = [:]
        for input in inputs {
            guard let field = input.dynamodb?.streamARN else { continue }
            let others = readers[field.value, default: []]
            if others.count == 2 {
                throw .conflicting(
                    field.name,
                    "'\(field.value)' is already read by \(others.joined(separator: " and ")); DynamoDB Streams "
                        + "may throttle more than two readers per shard"
                )
            }
            readers[field.value] = others + [input.name]
        }
        var seen: [String: String] = [:]
        func claim(_ kind: String, _ key: String, _ field: Field<String>, _ owner: String) throws(CFNError) {
            if let other = seen["\(kind)\u{0}\(key)"] {
                throw .conflicting(field.name, "'\(field.value)' is already \(kind) of \(other)")
            }
            seen["\(kind)\u{0}\(key)"] = owner
        }
        for input in inputs {
            // An existing bucket may feed several functions (one EventBridge rule each); a new one exists once.
            if let field = input.s3?.bucketName { try claim("the bucket", field.value, field, input.name) }
            if let field = input.lambdaFunctionName {
                try claim("the Lambda function name", field.value, field, input.name)
            }
            if let field = input.modalRole.roleName {
                try claim("the role name", field.value.lowercased(), field, input.name)
            }
            for field in input.httpRoutes.values {
                try claim("a route", Self.routeShape(field.value), field, input.name)
            }
        }
    }

    /// `GET /items/{id}` → `GET /items/{}`: the key API Gateway compares routes by.
    static func routeShape(_ route: String) -> String {
        var out = ""
        var inParameter = false
        for character in route {
            if character == "{" {
                inParameter = true
                out += "{"
            } else if character == "}" {
                inParameter = false
                out += "}"
            } else if !inParameter || character == "+" {
                out.append(character)
            }
        }
        return out
    }
}

extension StackSpec {
    /// Alarm names keep the first ``AlarmsConfig/alarmNameIDPrefix`` characters of a function's logical id: two ids
    /// alike that far would give two alarms one name (the second fails at deploy time).
    static func checkAlarmNames(_ functions: [BridgedFunctionSpec]) throws(CFNError) {
        var seen: [String: BridgedFunctionSpec] = [:]
        for function in functions {
            let base = AlarmsConfig.alarmNameBase(function.id)
            if let other = seen[base] {
                throw .conflicting(
                    function.idName,
                    "alarm names use the first \(AlarmsConfig.alarmNameIDPrefix) characters of the logical id, "
                        + "which '\(function.id.value)' shares with Modal function '\(other.function.value)'; set a "
                        + "shorter id"
                )
            }
            seen[base] = function
        }
    }
}
