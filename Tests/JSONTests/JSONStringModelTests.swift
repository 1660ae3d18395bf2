import JSON
import TestSupport
import Testing

/// String literals built from tokens whose meaning is known, checked against a model of the rules: text and
/// valid escapes decode, a control character fails at its offset, invalid UTF-8 fails at the start of its run
/// (after the opening quote or the last escape) when the run ends at a quote or an escape, the end of input fails
/// as unterminated, and anything after the closing quote but whitespace is trailing data.
@Suite struct JSONStringModelTests {
    enum Token {
        case text(String)
        case escape(String, decoded: String)
        case invalid([UInt8])
        case control(UInt8)
        case quote

        var bytes: [UInt8] {
            switch self {
            case .text(let text), .escape(let text, _): return Array(text.utf8)
            case .invalid(let bytes): return bytes
            case .control(let byte): return [byte]
            case .quote: return [UInt8(ascii: "\"")]
            }
        }
    }

    static let valid: [Token] = [
        .text("x"), .text("ab c"), .text("é"), .text("東"), .text("🚀"), .text(" "), .text("/"),
        .escape(#"\""#, decoded: "\""), .escape(#"\\"#, decoded: "\\"), .escape(#"\/"#, decoded: "/"),
        .escape(#"\b"#, decoded: "\u{08}"), .escape(#"\f"#, decoded: "\u{0C}"), .escape(#"\n"#, decoded: "\n"),
        .escape(#"\r"#, decoded: "\r"), .escape(#"\t"#, decoded: "\t"), .escape(#"\u00e9"#, decoded: "é"),
        .escape(#"\u0000"#, decoded: "\u{0}"), .escape(#"\ud83d\ude80"#, decoded: "🚀"),
        .escape(#"\uFFFF"#, decoded: "\u{FFFF}"), .escape(#"\u2028"#, decoded: "\u{2028}"),
    ]
    /// Invalid sequences that stay invalid next to any other token (no lone continuation bytes, so a truncated
    /// lead byte can never be completed by a neighbour).
    static let broken: [Token] = [
        .invalid([0xFF]), .invalid([0xC0, 0xAF]), .invalid([0xED, 0xA0, 0x80]), .invalid([0xF4, 0x90, 0x80, 0x80]),
        .invalid([0xE2, 0x82]), .control(0x00), .control(0x1F), .control(0x0A), .quote,
    ]

    enum Expected: Equatable {
        case string(String)
        case failure(JSONError.Code, Int)
    }

    /// What the rules say `"` + tokens gives.
    static func model(_ tokens: [Token]) -> Expected {
        let document = [UInt8(ascii: "\"")] + tokens.flatMap(\.bytes)
        var offset = 1
        var runStart = 1
        var runValid = true
        var decoded = ""
        for token in tokens {
            switch token {
            case .text(let text):
                decoded += text
            case .invalid:
                runValid = false
            case .control:
                return .failure(.invalidString, offset)
            case .escape(_, let value):
                guard runValid else { return .failure(.invalidUTF8, runStart) }
                decoded += value
                runStart = offset + token.bytes.count
            case .quote:
                guard runValid else { return .failure(.invalidUTF8, runStart) }
                var end = offset + 1
                while end < document.count, [0x20, 0x09, 0x0A, 0x0D].contains(document[end]) { end += 1 }
                return end == document.count ? .string(decoded) : .failure(.trailingData, end)
            }
            offset += token.bytes.count
        }
        return .failure(.unexpectedEnd, document.count)
    }

    static func actual(_ tokens: [Token]) -> Expected {
        do throws(JSONError) {
            let value = try JSONValue(parsing: [UInt8(ascii: "\"")] + tokens.flatMap(\.bytes))
            return .string(value.stringValue ?? "<not a string>")
        } catch {
            return .failure(error.code, error.offset)
        }
    }

    @Test func randomTokenStringsFollowTheModel() {
        var generator = SeededGenerator(seed: 0x57_2196)
        for round in 0..<4000 {
            var tokens = (0..<Int.random(in: 0..<24, using: &generator)).map { _ in
                Self.valid.randomElement(using: &generator) ?? .quote
            }
            if round % 3 == 0, !tokens.isEmpty {
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let position = Int.random(in: 0...tokens.count, using: &generator)
                    tokens.insert(Self.broken.randomElement(using: &generator) ?? .quote, at: position)
                }
            }
            if round % 4 != 3 { tokens.append(.quote) }
            let expected = Self.model(tokens)
            let actual = Self.actual(tokens)
            #expect(actual == expected, "tokens \(tokens)")
            if actual != expected { return }
        }
    }

    @Test func invalidFixturesKeepTheirErrors() throws {
        // Pinned from the parser before the linear string reader: the same code at the same byte.
        let expected: [String: (JSONError.Code, Int)] = [
            "comment.json": (.unexpectedCharacter, 0), "empty.json": (.unexpectedEnd, 0),
            "invalid-utf8.json": (.invalidUTF8, 10), "leading-zero.json": (.invalidNumber, 10),
            "lone-surrogate.json": (.invalidString, 15), "nan-literal.json": (.unexpectedCharacter, 10),
            "plain-text.json": (.unexpectedCharacter, 0), "raw-control-character.json": (.invalidString, 18),
            "single-quotes.json": (.unexpectedCharacter, 1), "too-deep.json": (.tooDeep, 512),
            "trailing-comma.json": (.unexpectedCharacter, 71), "truncated-sqs.json": (.unexpectedEnd, 1330),
            "two-values.json": (.trailingData, 9), "unterminated-string.json": (.invalidString, 56),
            "utf8-bom.json": (.unexpectedCharacter, 0), "whitespace-only.json": (.unexpectedEnd, 6),
        ]
        let names = EventFixtures.invalidNames
        #expect(Set(names).isSuperset(of: expected.keys))
        for name in names {
            let bytes = try EventFixtures.invalidBytes(name)
            do throws(JSONError) {
                _ = try JSONValue(parsing: bytes)
                Issue.record("\(name) parsed")
            } catch {
                guard let (code, offset) = expected[name] else { continue }
                #expect(error.code == code, "\(name)")
                #expect(error.offset == offset, "\(name)")
            }
        }
    }
}
