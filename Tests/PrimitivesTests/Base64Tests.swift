import Testing

@testable import Primitives

/// The union of the rules the former copies had: EventDispatch (padding required), SecretsManager (padding
/// optional), ModalClient (JWT: padding ignored, either alphabet). Each row states what every mode gives.
struct Base64Tests {
    struct Row: Sendable, CustomTestStringConvertible {
        var text: String
        var required: [UInt8]?
        var optional: [UInt8]?
        var ignored: [UInt8]?
        var urlSafe: [UInt8]?  // padding ignored, either alphabet (the JWT rule)
        var testDescription: String { "\"\(text)\"" }
    }

    static let rows: [Row] = [
        Row(text: "", required: [], optional: [], ignored: [], urlSafe: []),
        Row(
            text: "AAFiaW5hcnk=",
            required: [0, 1, 98, 105, 110, 97, 114, 121],
            optional: [0, 1, 98, 105, 110, 97, 114, 121],
            ignored: [0, 1, 98, 105, 110, 97, 114, 121],
            urlSafe: [0, 1, 98, 105, 110, 97, 114, 121]
        ),
        Row(text: "QQ==", required: [65], optional: [65], ignored: [65], urlSafe: [65]),
        Row(text: "QQ", required: nil, optional: [65], ignored: [65], urlSafe: [65]),
        Row(text: "QUI=", required: [65, 66], optional: [65, 66], ignored: [65, 66], urlSafe: [65, 66]),
        Row(text: "QUI", required: nil, optional: [65, 66], ignored: [65, 66], urlSafe: [65, 66]),
        Row(
            text: "QUJD",
            required: [65, 66, 67],
            optional: [65, 66, 67],
            ignored: [65, 66, 67],
            urlSafe: [65, 66, 67]
        ),
        Row(
            text: "+/+/",
            required: [251, 255, 191],
            optional: [251, 255, 191],
            ignored: [251, 255, 191],
            urlSafe: [251, 255, 191]
        ),
        Row(text: "-_-_", required: nil, optional: nil, ignored: nil, urlSafe: [251, 255, 191]),
        Row(text: "+_-/", required: nil, optional: nil, ignored: nil, urlSafe: [251, 255, 191]),
        // One character too many for a group: no byte can come of 6 bits.
        Row(text: "Q", required: nil, optional: nil, ignored: [], urlSafe: []),
        Row(text: "QUJDR", required: nil, optional: nil, ignored: [65, 66, 67], urlSafe: [65, 66, 67]),
        // Padding in the wrong place or too much of it.
        Row(text: "QQ=A", required: nil, optional: nil, ignored: [65, 0], urlSafe: [65, 0]),
        Row(text: "QQ=", required: nil, optional: nil, ignored: [65], urlSafe: [65]),
        Row(text: "QUJD====", required: nil, optional: nil, ignored: [65, 66, 67], urlSafe: [65, 66, 67]),
        Row(text: "Q===", required: nil, optional: nil, ignored: [], urlSafe: []),
        Row(text: "====", required: nil, optional: nil, ignored: [], urlSafe: []),
        Row(text: "QUJD=", required: nil, optional: nil, ignored: [65, 66, 67], urlSafe: [65, 66, 67]),
        // Characters outside the alphabet, whitespace included, are refused in every mode.
        Row(text: "@@@@", required: nil, optional: nil, ignored: nil, urlSafe: nil),
        Row(text: "QUJD\n", required: nil, optional: nil, ignored: nil, urlSafe: nil),
        Row(text: "QU JD", required: nil, optional: nil, ignored: nil, urlSafe: nil),
        Row(text: "QUJD.", required: nil, optional: nil, ignored: nil, urlSafe: nil),
    ]

    @Test(arguments: rows)
    func decode(row: Row) {
        #expect(Base64.decode(row.text, padding: .required) == row.required)
        #expect(Base64.decode(row.text, padding: .optional) == row.optional)
        #expect(Base64.decode(row.text, padding: .ignored) == row.ignored)
        #expect(Base64.decode(row.text, padding: .ignored, alphabet: .standardOrURLSafe) == row.urlSafe)
    }

    @Test(arguments: [
        ([UInt8](), ""), ([0], "AA=="), ([0, 1], "AAE="), ([0, 1, 2], "AAEC"), ([251, 255, 191], "+/+/"),
        (Array("binary".utf8), "YmluYXJ5"), (Array("hello, world".utf8), "aGVsbG8sIHdvcmxk"),
    ])
    func encode(bytes: [UInt8], text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.encode(bytes.lazy.map { $0 }) == text, "any sequence, not only arrays")
    }

    /// Every length 0…64 and every byte value round-trips, under each padding rule that accepts padded text.
    @Test func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64.encode(bytes)
            #expect(text.utf8.count % 4 == 0)
            for padding in [Base64.Padding.required, .optional, .ignored] {
                #expect(Base64.decode(text, padding: padding) == bytes)
            }
            let unpadded = text.filter { $0 != "=" }
            #expect(Base64.decode(unpadded, padding: .optional) == bytes)
            #expect(Base64.decode(unpadded, padding: .required) == (text == unpadded ? bytes : nil))
            let urlSafe = String(unpadded.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
            #expect(Base64.decode(urlSafe[...], padding: .ignored, alphabet: .standardOrURLSafe) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all), padding: .required) == all)
    }
}
