/// A validated EventBridge schedule expression.
package struct ScheduleSource: Sendable, Hashable {
    package static let rule =
        "must be rate(N minute|minutes|hour|hours|day|days) (singular only for 1) or cron(six fields)"

    package var expression: String

    init(_ field: Field<String>) throws(CFNError) {
        let value = field.value
        if value.hasPrefix("rate("), value.hasSuffix(")") {
            let inner = value.dropFirst(5).dropLast().split(separator: " ", omittingEmptySubsequences: false)
            guard inner.count == 2, let count = Int(inner[0]), count >= 1, String(count) == inner[0] else {
                throw .invalid(field.name, value, Self.rule)
            }
            let unit = String(inner[1])
            let units = count == 1 ? ["minute", "hour", "day"] : ["minutes", "hours", "days"]
            guard units.contains(unit) else { throw .invalid(field.name, value, Self.rule) }
        } else if value.hasPrefix("cron("), value.hasSuffix(")") {
            let fields = value.dropFirst(5).dropLast().split(separator: " ", omittingEmptySubsequences: false)
            let allowed = Set("0123456789*?,-/LW#ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            guard fields.count == 6, fields.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(allowed.contains) }) else {
                throw .invalid(field.name, value, Self.rule)
            }
        } else {
            throw .invalid(field.name, value, Self.rule)
        }
        expression = value
    }
}
