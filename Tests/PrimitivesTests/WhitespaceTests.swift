import Testing

@testable import Primitives

/// The rules of the five former copies: HTTP list elements (space and tab), Runtime API / AWS / secret values
/// (space, tab, CR, LF) and environment variables (any Unicode whitespace).
struct WhitespaceTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var text: String
        var spaceAndTab: String
        var ascii: String
        var unicode: String
        var testDescription: String { String(reflecting: text) }
    }

    static let rows: [Row] = [
        Row(text: "", spaceAndTab: "", ascii: "", unicode: ""),
        Row(text: "   ", spaceAndTab: "", ascii: "", unicode: ""),
        Row(text: "a", spaceAndTab: "a", ascii: "a", unicode: "a"),
        Row(text: " a b ", spaceAndTab: "a b", ascii: "a b", unicode: "a b"),
        Row(text: "\t a\t", spaceAndTab: "a", ascii: "a", unicode: "a"),
        Row(text: "\na\r", spaceAndTab: "\na\r", ascii: "a", unicode: "a"),
        Row(text: "a\r\n", spaceAndTab: "a\r\n", ascii: "a", unicode: "a"),
        Row(text: "\u{0B}a\u{0C}", spaceAndTab: "\u{0B}a\u{0C}", ascii: "\u{0B}a\u{0C}", unicode: "a"),
        Row(text: "\u{A0}a\u{2003}", spaceAndTab: "\u{A0}a\u{2003}", ascii: "\u{A0}a\u{2003}", unicode: "a"),
        Row(text: " é ", spaceAndTab: "é", ascii: "é", unicode: "é"),
        Row(text: " \t\r\n", spaceAndTab: "\r\n", ascii: "", unicode: ""),
    ]

    @Test(arguments: rows)
    func trimming(row: Row) {
        #expect(row.text.trimming(.spaceAndTab) == row.spaceAndTab)
        #expect(row.text.trimming(.ascii) == row.ascii)
        #expect(row.text.trimming(.unicode) == row.unicode)
        #expect(row.text[...].trimming(.ascii) == row.ascii, "substrings too")
    }
}
