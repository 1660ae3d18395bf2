import CBOR
import JSON
import Testing

/// Every malformed input ends in a typed ``CBORError``: never a trap, never a partial value.
@Suite("CBOR malformed input")
struct CBORMalformedTests {
    /// Decodes `bytes` and returns the error code, or `nil` when decoding succeeded.
    private func decodeError(_ bytes: [UInt8], maximumDepth: Int = 512) -> CBORError.Code? {
        do {
            _ = try CBORValue(decoding: bytes, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error.code
        }
    }

    private func jsonError(_ bytes: [UInt8]) -> CBORError.Code? {
        do {
            _ = try JSONValue(decodingCBOR: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    /// Valid encodings beyond Appendix A: every length width, tags, floats, nested indefinite items.
    static let moreValid = [
        "5900026162", "5a000000026162", "5b00000000000000026162", "780161", "79000161", "7a0000000161",
        "7b000000000000000161", "9900020102", "9a0000000101", "9b000000000000000101", "b9000101f6",
        "ba0000000101f6", "bb000000000000000101f6", "d9010283010203", "da0001000001", "db000000010000000001",
        "f93e00", "fa3f800000", "fb3ff0000000000000", "c48222187b", "d8255012345678123456781234567812345678",
        "bf61619f5f4101ff7f6161ffffff", "a2f6f6820102c06161", "9f9fbfffffff", "f820", "e0",
    ]

    static let validVectors: [String] = RFC8949Vectors.all.map(\.hex) + moreValid

    @Test("every proper prefix of every valid vector is truncated input")
    func truncations() throws {
        var checked = 0
        for hex in Self.validVectors {
            let bytes = try #require(Hex.bytes(hex))
            #expect(decodeError(bytes) == nil, "\(hex) should decode")
            for length in 0..<bytes.count {
                let prefix = Array(bytes[..<length])
                #expect(decodeError(prefix) == .truncated, "\(hex) cut to \(length) bytes")
                #expect(jsonError(prefix) == .truncated, "\(hex) cut to \(length) bytes, as JSON")
                checked += 1
            }
        }
        #expect(checked > 400)
    }

    @Test("reserved additional information 28–30 in every major type")
    func reservedAdditionalInformation() {
        for major in 0..<8 {
            for info in 28...30 {
                let initial = UInt8(major << 5 | info)
                #expect(decodeError([initial, 0, 0, 0, 0, 0, 0, 0, 0]) == .malformed, "initial byte \(initial)")
            }
        }
    }

    @Test(
        "malformed, misplaced break, invalid UTF-8, trailing data",
        arguments: [
            // Indefinite length where none is allowed.
            ("1f", CBORError.Code.malformed), ("3f", .malformed), ("df00", .malformed),
            // Two-byte simple values below 32.
            ("f800", .malformed), ("f813", .malformed), ("f818", .malformed), ("f81f", .malformed),
            // Bad chunks inside indefinite-length strings.
            ("5f6161ff", .malformed), ("7f4161ff", .malformed), ("5f5fffff", .malformed), ("7f7fffff", .malformed),
            ("7f01ff", .malformed), ("5f00ff", .malformed), ("5f80ff", .malformed),
            // Break outside an indefinite-length item, or in place of a map value.
            ("ff", .unexpectedBreak), ("81ff", .unexpectedBreak), ("8201ff", .unexpectedBreak),
            ("a1ff00", .unexpectedBreak), ("a16161ff", .unexpectedBreak), ("c0ff", .unexpectedBreak),
            ("bf6161ff", .unexpectedBreak), ("9f01bf01ffff", .unexpectedBreak),
            // Text that is not UTF-8: stray continuation, invalid lead, overlong, surrogate, beyond U+10FFFF,
            // a sequence cut by the string length, a character split across chunks, a bad map key.
            ("61ff", .invalidUTF8), ("6180", .invalidUTF8), ("62c328", .invalidUTF8), ("62c080", .invalidUTF8),
            ("63eda080", .invalidUTF8), ("64f4908080", .invalidUTF8), ("61c3", .invalidUTF8),
            ("62e080", .invalidUTF8), ("65f888808080", .invalidUTF8), ("7f61c361bcff", .invalidUTF8),
            ("a161ff01", .invalidUTF8), ("8261616180", .invalidUTF8),
            // Lengths and counts far beyond the input: refused before allocating.
            ("5bffffffffffffffff00", .truncated), ("7affffffff", .truncated), ("9bffffffffffffffff", .truncated),
            ("bbffffffffffffffff", .truncated), ("9a7fffffff00", .truncated), ("ba7fffffff0000", .truncated),
            ("5f5bffffffffffffffffff", .truncated),
            // Exactly one item.
            ("0000", .trailingData), ("80ff", .trailingData), ("f6f6", .trailingData),
        ]
    )
    func malformed(_ hex: String, _ code: CBORError.Code) throws {
        let bytes = try #require(Hex.bytes(hex))
        #expect(decodeError(bytes) == code)
        #expect(jsonError(bytes) == code)
    }

    @Test("the error names the byte where decoding stopped")
    func offsets() throws {
        let cases: [(String, Int)] = [("61ff", 1), ("820161ff", 3), ("8201", 2), ("0000", 1), ("8301021c", 3)]
        for (hex, offset) in cases {
            let bytes = try #require(Hex.bytes(hex))
            do {
                _ = try CBORValue(decoding: bytes)
                Issue.record("\(hex) decoded")
            } catch {
                #expect(error.offset == offset, "\(hex): \(error)")
                #expect(error.errorType.hasPrefix("CBOR."))
            }
        }
    }

    @Test("nesting deeper than the limit is refused; at the limit it decodes")
    func depth() throws {
        for opener: [UInt8] in [[0x81], [0x9F], [0xC1], [0xA1, 0x60], [0xD9, 0x01, 0x02]] {
            let atLimit: [UInt8] = Array(Array(repeating: opener, count: 512).joined()) + [0x00]
            let beyond: [UInt8] = Array(Array(repeating: opener, count: 513).joined()) + [0x00]
            if opener != [0x9F] {
                #expect(decodeError(atLimit) == nil, "\(opener) × 512")
            }
            #expect(decodeError(beyond) == .tooDeep, "\(opener) × 513")
            #expect(jsonError(beyond) == .tooDeep, "\(opener) × 513 as JSON")
        }
        let nested = Array(repeating: UInt8(0x81), count: 11) + [0x00]
        #expect(decodeError(nested, maximumDepth: 10) == .tooDeep)
        #expect(decodeError(nested, maximumDepth: 11) == nil)
        // Far too deep input fails fast at the limit instead of exhausting the stack.
        #expect(decodeError(Array(repeating: 0x81, count: 200_000)) == .tooDeep)
    }

    @Test(
        "known tags with the wrong content are refused by the JSON bridge",
        arguments: [
            "c201", "c360", "c2820102", "c001", "c0f6", "c160", "c1f97e00", "c1f97c00", "c11b7fffffffffffffff",
            "c13b7fffffffffffffff", "c1fb7fefffffffffffff", "d8254401020304", "d8256161", "c48101", "c4826161 01",
            "c482016161", "c48201fb3ff0000000000000", "c4823b800000000000000001", "d9010201", "d903ec01",
            "d8646161", "d8641b7fffffffffffffff", "d8643a7fffffff",
        ]
    )
    func invalidTagContent(_ hex: String) throws {
        let bytes = try #require(Hex.bytes(hex))
        #expect(decodeError(bytes) == nil, "structurally fine")
        #expect(jsonError(bytes) == .invalidTagContent)
    }

    @Test("integers too large for the bridge")
    func integerLimits() throws {
        let largest = [0xC2, 0x59, 0x20, 0x00] + Array(repeating: UInt8(0xFF), count: 8192)
        let json = try JSONValue(decodingCBOR: largest)
        #expect(json.numberValue?.text.count == 19_729)  // 2^65536 − 1 has 19 729 digits
        let tooLarge = [0xC3, 0x59, 0x20, 0x01] + Array(repeating: UInt8(0x01), count: 8193)
        #expect(jsonError(tooLarge) == .integerTooLarge)
        let leadingZeros = [0xC2, 0x59, 0x27, 0x10] + Array(repeating: UInt8(0), count: 9999) + [0x07]
        #expect(try JSONValue(decodingCBOR: leadingZeros) == 7)

        let maximumDigits = String(repeating: "9", count: 19_728)
        let widest = try #require(JSONNumber(text: maximumDigits))
        #expect(throws: Never.self) { try JSONValue.number(widest).cborEncoded() }
        let tooManyDigits = try #require(JSONNumber(text: "-" + String(repeating: "1", count: 19_729)))
        #expect(throws: CBORError.self) { try JSONValue.number(tooManyDigits).cborEncoded() }
    }

    @Test("encoding refuses values nested deeper than the limit")
    func encoderDepth() throws {
        var json: JSONValue = 1
        var cbor: CBORValue = 1
        for _ in 0..<513 {
            json = [json]
            cbor = .tagged(7, cbor)
        }
        #expect(throws: CBORError.self) { try json.cborEncoded() }
        #expect(throws: CBORError.self) { try cbor.encoded() }
        #expect(throws: CBORError.self) { try CBORValue.simple(24).encoded() }
        #expect(throws: Never.self) { try json.cborEncoded(maximumDepth: 513) }
    }

    @Test("random corruptions of valid items: an error or a value that survives a round trip, never a trap")
    func corruptions() throws {
        var generator = SplitMix64(seed: 0xC0B0)
        var random = RandomJSON(seed: 77)
        var samples = Self.validVectors.compactMap(Hex.bytes)
        for _ in 0..<60 { samples.append(try random.value().cborEncoded()) }
        var decodedCount = 0
        var failedCount = 0
        for sample in samples where !sample.isEmpty {
            for _ in 0..<60 {
                var bytes = sample
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                    default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                    }
                }
                do {
                    let value = try CBORValue(decoding: bytes)
                    decodedCount += 1
                    let again = try CBORValue(decoding: value.encoded(floatStyle: .shortest))
                    // Encoding writes every NaN as the canonical F9 7E00, as cbor2 does; payloads are not kept.
                    #expect(again == Self.canonicalNaNs(value), "\(Hex.string(bytes))")
                    _ = try? JSONValue(cbor: value)
                } catch {
                    failedCount += 1
                }
            }
        }
        #expect(decodedCount > 0 && failedCount > 0)
    }

    private static func canonicalNaNs(_ value: CBORValue) -> CBORValue {
        switch value {
        case .float(let double) where double.isNaN: return .float(.nan)
        case .array(let elements): return .array(elements.map(canonicalNaNs))
        case .map(let entries):
            return .map(entries.map { CBORMapEntry(key: canonicalNaNs($0.key), value: canonicalNaNs($0.value)) })
        case .tagged(let tag, let content): return .tagged(tag, canonicalNaNs(content))
        default: return value
        }
    }
}
