import LambdaEvents
import Testing

@Suite("S3 keys are form-decoded: + is a space, then %XX as UTF-8")
struct S3ObjectKeyTests {
    @Test(
        "decoding",
        arguments: [
            ("red+flower.jpg", "red flower.jpg"),
            ("a%2Bb", "a+b"),
            ("C%2B%2B+notes%2Bdraft.txt", "C++ notes+draft.txt"),
            ("Happy%20Face.jpg", "Happy Face.jpg"),
            ("caf%C3%A9/men%C3%BC+%E6%97%A5%E6%9C%AC.pdf", "café/menü 日本.pdf"),
            ("date%3D2025-03-14/time%3A10%3A00", "date=2025-03-14/time:10:00"),
            ("plain/key.txt", "plain/key.txt"),
            ("", ""),
            ("100%", "100%"),
            ("%zz%2", "%zz%2"),
            ("%", "%"),
            ("+++", "   "),
            ("%25", "%"),
            ("%2b%2f", "+/"),
            ("%FF", "\u{FFFD}"),
            ("%C3", "\u{FFFD}"),
            ("%F0%9F%98%80", "😀"),
        ]
    )
    func decoding(raw: String, decoded: String) {
        let key = S3ObjectKey(raw: raw)
        #expect(key.raw == raw)
        #expect(key.decoded == decoded)
        #expect(key.description == decoded)
    }

    @Test("query strings are split and form-decoded, in order, keeping repeats")
    func queryPairs() {
        let pairs = PercentDecoding.queryPairs("a=1&tag=x+y&tag=b%20c&flag&&empty=&%3D=%26")
        #expect(pairs.map(\.name) == ["a", "tag", "tag", "flag", "empty", "="])
        #expect(pairs.map(\.value) == ["1", "x y", "b c", "", "", "&"])
        #expect(PercentDecoding.decode("a+b", plusAsSpace: false) == "a+b")
    }
}
