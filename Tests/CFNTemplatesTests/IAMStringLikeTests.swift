import Testing

@Suite("IAM StringLike evaluator")
struct IAMStringLikeTests {
    @Test(
        arguments: [
            ("a*c", "ac", true), ("a*c", "a:b:c", true), ("a*c", "a:b:cd", false), ("a?c", "abc", true),
            ("a?c", "ac", false), ("a?c", "abbc", false), ("abc", "ABC", false), ("abc", "xabc", false),
            ("abc", "abcx", false), ("*", "", true), ("a${*}", "a*", true), ("a${*}", "ab", false),
            ("a${?}", "a?", true), ("a${?}", "ab", false), ("a${$}", "a$", true), ("*:x:*", "a:x:b", true),
            ("*:x:*", "a:xx:b", false),
        ]
    )
    func semantics(pattern: String, value: String, expected: Bool) throws {
        #expect(try IAMStringLike.matches(pattern, value) == expected)
    }

    @Test func policyVariablesAreNotResolved() {
        #expect(throws: IAMStringLike.UnsupportedVariable.self) { try IAMStringLike.matches("${aws:username}", "x") }
    }
}
