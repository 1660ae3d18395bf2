/// A validated EventBridge schedule expression: `rate(N unit)` or `cron(minutes hours day-of-month month day-of-week
/// year)`, checked with EventBridge's grammar so that a bad expression fails here instead of at deploy time.
package struct ScheduleSource: Sendable, Hashable {
    package static let rateRule =
        "must be rate(N minute|minutes|hour|hours|day|days) with a whole N ≥ 1, singular only for 1"

    package var expression: String

    init(_ field: Field<String>) throws(CFNError) {
        let value = field.value
        if value.hasPrefix("rate("), value.hasSuffix(")") {
            let inner = value.dropFirst(5).dropLast().split(separator: " ", omittingEmptySubsequences: false)
            guard inner.count == 2, let count = Int(inner[0]), count >= 1, String(count) == inner[0] else {
                throw .invalid(field.name, value, Self.rateRule)
            }
            let units = count == 1 ? ["minute", "hour", "day"] : ["minutes", "hours", "days"]
            guard units.contains(String(inner[1])) else { throw .invalid(field.name, value, Self.rateRule) }
        } else if value.hasPrefix("cron("), value.hasSuffix(")") {
            try CronExpression.check(value.dropFirst(5).dropLast(), field: field)
        } else {
            throw .invalid(
                field.name,
                value,
                "must be rate(N unit) or cron(minutes hours day-of-month month day-of-week year) (EventBridge)"
            )
        }
        expression = value
    }
}
