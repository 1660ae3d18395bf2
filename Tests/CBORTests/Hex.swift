import Primitives

/// Hex text ↔ bytes for test vectors.
enum Hex {
    static func bytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8).filter { $0 != UInt8(ascii: " ") }
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        var position = 0
        while position < digits.count {
            guard let high = value(digits[position]), let low = value(digits[position + 1]) else { return nil }
            result.append(high << 4 | low)
            position += 2
        }
        return result
    }

    static func string(_ bytes: [UInt8]) -> String {
        Primitives.Hex.encode(bytes)
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
