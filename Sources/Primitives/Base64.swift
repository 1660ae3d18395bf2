// Target Primitives (pure leaf): the small helpers every other target shares, each written once: base64, hex,
// civil date/time arithmetic, whitespace trimming, and `TimeSource`, the one place the wall and monotonic clocks are
// read (injected everywhere else so tests control time). No I/O. May import: nothing. See docs/development.md.

/// Base64 (RFC 4648 §4, and the URL-safe alphabet of §5 where a caller accepts it), without Foundation. Encoding is
/// always the standard alphabet with `=` padding; decoding states its padding and alphabet rules at each call site,
/// because the formats we read differ (see `Padding`). Unused trailing bits are not checked.
package enum Base64 {
    /// How `=` padding is treated when decoding.
    package enum Padding: Sendable {
        /// The text is a whole number of 4-character groups; `=` only as the last one or two characters (binary
        /// HTTP bodies, Kinesis `data`).
        case required
        /// Padding may be left out; when present it must complete the last group (`SecretBinary`).
        case optional
        /// `=` is skipped wherever it stands and a dangling partial group is dropped (JWT segments, which are
        /// unpadded base64url by spec but are read leniently).
        case ignored
    }

    /// Which characters stand for the values 62 and 63.
    package enum Alphabet: Sendable {
        /// `+` and `/` only.
        case standard
        /// `+` or `-` for 62 and `/` or `_` for 63, so standard and base64url text both decode.
        case standardOrURLSafe
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with `=` padding.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.underestimatedCount + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of `text`, or `nil` when it breaks the `padding` or `alphabet` rule. Whitespace is never accepted.
    package static func decode(
        _ text: some StringProtocol,
        padding: Padding,
        alphabet: Alphabet = .standard
    ) -> [UInt8]? {
        let length = text.utf8.count
        var output: [UInt8] = []
        output.reserveCapacity(length / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        var paddingCount = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                paddingCount += 1
                continue
            }
            if paddingCount > 0, padding != .ignored { return nil }
            guard let value = sextet(byte, alphabet) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        switch padding {
        case .ignored:
            return output
        case .optional, .required:
            // 6 leftover bits cannot encode a byte; padding must complete a 4-character group.
            guard bits != 6, paddingCount <= 2, paddingCount == 0 || length % 4 == 0 else { return nil }
            if padding == .required, length % 4 != 0 { return nil }
            return output
        }
    }

    private static func sextet(_ byte: UInt8, _ alphabet: Alphabet) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        case UInt8(ascii: "-") where alphabet == .standardOrURLSafe: 62
        case UInt8(ascii: "_") where alphabet == .standardOrURLSafe: 63
        default: nil
        }
    }
}
