/// JSON documents of a chosen size, one shape per path through the parser. Used by the parser's scaling tests and
/// by `json-bench`; every document is valid JSON and about `byteCount` long (within one repeated unit).
package enum JSONShape: String, CaseIterable, Sendable {
    /// One string alternating plain text and `\"` escapes (`"x\"x\"…"`), the shape that was quadratic.
    case escapeMix = "escape-mix"
    /// One long string without escapes.
    case plainString = "plain-string"
    /// `\u00e9`, surrogate pairs (`\ud83d\ude80`) and control escapes between short runs of text.
    case unicodeEscapes = "unicode-escapes"
    /// Raw multi-byte UTF-8 text (2-, 3- and 4-byte sequences).
    case utf8Text = "utf8-text"
    /// One object with many short members.
    case manyKeys = "many-keys"
    /// One array of integers and floats.
    case numberArray = "number-array"
    /// Arrays and objects nested 500 deep (within the 512 limit), repeated side by side.
    case deepNesting = "deep-nesting"
    /// An SQS batch whose bodies are JSON documents in strings (escaped quotes), as S3 → SQS delivers them.
    case sqsBatch = "sqs-batch"

    /// A document of this shape, about `byteCount` bytes.
    package func document(byteCount: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(byteCount + 1024)
        switch self {
        case .escapeMix: JSONShape.string(#"x\""#, into: &output, byteCount: byteCount)
        case .plainString: JSONShape.string("lorem ipsum dolor sit amet ", into: &output, byteCount: byteCount)
        case .unicodeEscapes:
            JSONShape.string(#"caf\u00e9 \ud83d\ude80\n\t\u0001/ "#, into: &output, byteCount: byteCount)
        case .utf8Text: JSONShape.string("grüße 東京 🚀 ", into: &output, byteCount: byteCount)
        case .manyKeys:
            JSONShape.list("{", "}", into: &output, byteCount: byteCount) { number, output in
                output.append(contentsOf: #""k\#(number)":\#(number % 7 == 0 ? "true" : String(number))"#.utf8)
            }
        case .numberArray:
            JSONShape.list("[", "]", into: &output, byteCount: byteCount) { number, output in
                let text = number % 3 == 0 ? "-\(number).25e-3" : number % 3 == 1 ? String(number * 7919) : "0.5"
                output.append(contentsOf: text.utf8)
            }
        case .deepNesting:
            let depth = 500
            let unit = String(repeating: #"{"a":["#, count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
            JSONShape.list("[", "]", into: &output, byteCount: byteCount) { _, output in
                output.append(contentsOf: unit.utf8)
            }
        case .sqsBatch:
            output.append(contentsOf: #"{"Records":"#.utf8)
            JSONShape.list("[", "]", into: &output, byteCount: byteCount - 12) { number, output in
                output.append(contentsOf: #"{"messageId":"m-\#(number)","eventSource":"aws:sqs","body":"#.utf8)
                output.append(
                    contentsOf: #""{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"bucket\":{\"name\":\"b\"},"#.utf8
                )
                output.append(contentsOf: #"\"object\":{\"key\":\"photos/\#(number).jpg\",\"size\":1024}}}]}"}"#.utf8)
            }
            output.append(UInt8(ascii: "}"))
        }
        return output
    }

    /// `"` + `unit` repeated to `byteCount` + `"`.
    private static func string(_ unit: String, into output: inout [UInt8], byteCount: Int) {
        output.append(UInt8(ascii: "\""))
        let unitBytes = Array(unit.utf8)
        while output.count + unitBytes.count < byteCount { output.append(contentsOf: unitBytes) }
        output.append(UInt8(ascii: "\""))
    }

    /// `open` + comma-separated elements written by `element(n, &output)` up to `byteCount` + `close`.
    private static func list(
        _ open: Unicode.Scalar,
        _ close: Unicode.Scalar,
        into output: inout [UInt8],
        byteCount: Int,
        element: (Int, inout [UInt8]) -> Void
    ) {
        output.append(UInt8(ascii: open))
        var number = 0
        repeat {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            element(number, &output)
            number += 1
        } while output.count < byteCount
        output.append(UInt8(ascii: close))
    }
}
