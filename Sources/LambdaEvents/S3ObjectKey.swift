/// An S3 object key as it appears in a notification, and decoded.
///
/// S3 notifications carry keys URL-encoded *form style*: a space is `+`, a literal `+` is `%2B`, other specials and
/// non-ASCII are `%XX` of their UTF-8 bytes. Decoding turns `+` into a space first, then percent-decodes as UTF-8, so
/// `red+flower.jpg` → `red flower.jpg`, `a%2Bb` → `a+b`, `caf%C3%A9` → `café`. `%20` (seen in some fixture sets) is
/// accepted too. The raw text is kept beside the decoded one so nothing is lost.
package struct S3ObjectKey: Sendable, Hashable, CustomStringConvertible {
    /// The key exactly as the event carried it.
    package let raw: String
    /// The key with `+` → space and `%XX` decoded (malformed escapes kept literally, invalid UTF-8 → U+FFFD).
    package let decoded: String

    package init(raw: String) {
        self.raw = raw
        self.decoded = PercentDecoding.decode(raw, plusAsSpace: true)
    }

    package var description: String { decoded }
}
