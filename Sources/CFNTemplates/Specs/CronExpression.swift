/// EventBridge's cron grammar: six fields separated by single spaces, exactly one of day-of-month and day-of-week `?`.
///
/// | field | values | wildcards |
/// |---|---|---|
/// | minutes | 0–59 | `, - * /` |
/// | hours | 0–23 | `, - * /` |
/// | day-of-month | 1–31 | `, - * ? /`, `L`, `nW` |
/// | month | 1–12, JAN–DEC | `, - * /` |
/// | day-of-week | 1–7, SUN–SAT | `, - * ?`, `L`, `nL`, `n#k` (k 1–5) |
/// | year | 1970–2199 | `, - * /` |
///
/// `L`, `W` and `#` forms stand alone in their field (no list). A range runs low to high; a step is at least 1.
enum CronExpression {
    struct FieldRule {
        var name: String
        var range: ClosedRange<Int>
        var names: [String] = []
    }

    static let fields = [
        FieldRule(name: "minutes", range: 0...59),
        FieldRule(name: "hours", range: 0...23),
        FieldRule(name: "day-of-month", range: 1...31),
        FieldRule(
            name: "month",
            range: 1...12,
            names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        ),
        FieldRule(name: "day-of-week", range: 1...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
        FieldRule(name: "year", range: 1970...2199),
    ]

    static let dayOfMonth = 2
    static let dayOfWeek = 4

    /// Checks the text between `cron(` and `)`; errors name `field` and the broken rule.
    static func check(_ text: Substring, field: Field<String>) throws(CFNError) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6 else {
            throw .invalid(
                field.name,
                field.value,
                "must have six fields separated by single spaces: minutes hours day-of-month month day-of-week year "
                    + "(EventBridge cron)"
            )
        }
        let questionMarks = [parts[dayOfMonth], parts[dayOfWeek]].filter { $0 == "?" }.count
        guard questionMarks == 1 else {
            throw .invalid(
                field.name,
                field.value,
                "must have '?' in exactly one of day-of-month and day-of-week (EventBridge cron)"
            )
        }
        for (index, part) in parts.enumerated() where !isValid(part, index: index) {
            let rule = fields[index]
            var allowed = "\(rule.range.lowerBound)–\(rule.range.upperBound)"
            if let first = rule.names.first, let last = rule.names.last { allowed += " or \(first)–\(last)" }
            throw .invalid(
                field.name,
                field.value,
                "has an invalid \(rule.name) field '\(part)' (values \(allowed), with , - * /"
                    + (index == dayOfMonth ? " ? L nW" : index == dayOfWeek ? " ? L nL n#k" : "") + ")"
            )
        }
    }

    private static func isValid(_ part: Substring, index: Int) -> Bool {
        let rule = fields[index]
        if part == "?" { return index == dayOfMonth || index == dayOfWeek }
        if index == dayOfMonth {
            if part == "L" { return true }
            if part.hasSuffix("W") { return value(part.dropLast(), rule) != nil }
        }
        if index == dayOfWeek {
            if part == "L" { return true }
            if part.hasSuffix("L") { return value(part.dropLast(), rule) != nil }
            if let hash = part.firstIndex(of: "#") {
                guard value(part[..<hash], rule) != nil, let nth = Int(part[part.index(after: hash)...]) else {
                    return false
                }
                return (1...5).contains(nth)
            }
        }
        return part.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { isListItem($0, rule) }
    }

    /// `*`, `*/n`, `a`, `a/n`, `a-b`, `a-b/n`.
    private static func isListItem(_ item: Substring, _ rule: FieldRule) -> Bool {
        var base = item
        if let slash = item.firstIndex(of: "/") {
            guard let step = Int(item[item.index(after: slash)...]), step >= 1, step <= rule.range.upperBound else {
                return false
            }
            base = item[..<slash]
        }
        if base == "*" { return true }
        let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
        switch bounds.count {
        case 1: return value(bounds[0], rule) != nil
        case 2:
            guard let low = value(bounds[0], rule), let high = value(bounds[1], rule) else { return false }
            return low <= high
        default: return false
        }
    }

    /// A number in the field's range (no sign, no leading `+`) or one of its names.
    private static func value(_ text: Substring, _ rule: FieldRule) -> Int? {
        if let index = rule.names.firstIndex(of: String(text)) { return rule.range.lowerBound + index }
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            text.count <= 4, let number = Int(text), rule.range.contains(number)
        else { return nil }
        return number
    }
}
