/// An evaluator of IAM's `StringLike` condition operator, written from the IAM documentation to check generated
/// patterns independently of the generator: `*` matches any sequence (including `:` and the empty string), `?`
/// exactly one character, `${*}` `${?}` `${$}` are the literal characters (policy Version 2012-10-17), matching is
/// case-sensitive and anchored at both ends. Any other `${…}` is a policy variable this evaluator does not resolve.
enum IAMStringLike {
    enum Token: Equatable {
        case literal(Character)
        case anySequence
        case anyCharacter
    }

    struct UnsupportedVariable: Error {}

    static func tokens(_ pattern: String) throws -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(pattern)
        while let first = rest.first {
            if rest.hasPrefix("${") {
                guard let close = rest.firstIndex(of: "}") else { throw UnsupportedVariable() }
                let name = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
                switch name {
                case "*": tokens.append(.literal("*"))
                case "?": tokens.append(.literal("?"))
                case "$": tokens.append(.literal("$"))
                default: throw UnsupportedVariable()
                }
                rest = rest[rest.index(after: close)...]
                continue
            }
            switch first {
            case "*": tokens.append(.anySequence)
            case "?": tokens.append(.anyCharacter)
            default: tokens.append(.literal(first))
            }
            rest = rest.dropFirst()
        }
        return tokens
    }

    /// Whether `value` matches `pattern`.
    static func matches(_ pattern: String, _ value: String) throws -> Bool {
        let tokens = try tokens(pattern)
        let characters = Array(value)
        // reachable[j]: the tokens seen so far can match characters[0..<j].
        var reachable = [Bool](repeating: false, count: characters.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: characters.count + 1)
            switch token {
            case .anySequence:
                var seen = false
                for index in 0...characters.count {
                    seen = seen || reachable[index]
                    next[index] = seen
                }
            case .anyCharacter:
                for index in 0..<characters.count where reachable[index] { next[index + 1] = true }
            case .literal(let character):
                for index in 0..<characters.count where reachable[index] && characters[index] == character {
                    next[index + 1] = true
                }
            }
            reachable = next
        }
        return reachable[characters.count]
    }

    /// Whether any of `patterns` matches (the values of one condition key are ORed).
    static func anyMatches(_ patterns: [String], _ value: String) throws -> Bool {
        try patterns.contains { try matches($0, value) }
    }
}
