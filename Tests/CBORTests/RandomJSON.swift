import JSON

/// A small seeded generator (SplitMix64) so every run produces the same values.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON-like values for the Swift → cbor2 direction: edge integers and bignums, floats from random bits
/// and edge cases, number spellings Python reads differently from their text (`1e400`, `-0`, `1E+2`), strings
/// with escapes and astral characters, empty and deeply nested containers.
struct RandomJSON {
    var generator: SplitMix64

    static let integerTexts = [
        "0", "-0", "1", "-1", "23", "24", "-24", "-25", "255", "256", "65535", "65536", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "18446744073709551617", "-18446744073709551615",
        "-18446744073709551616", "-18446744073709551617", "-18446744073709551618",
        "340282366920938463463374607431768211456",
    ]
    static let floatTexts = [
        "0.0", "-0.0", "1.0", "-1.0", "0.1", "1e308", "-1e308", "1.7976931348623157e308", "5e-324", "-5e-324",
        "4.9406564584124654e-324", "2.2250738585072014e-308", "2.225073858507201e-308", "1e-310", "1e400", "-1e400",
        "1e-400", "-1e-400", "1E+2", "1e2", "100e-2", "0.5e-3", "123.456e78", "3.14159265358979323846264338327950288",
        "9007199254740993.0", "65504.0", "1e16", "1e-7", "100000.0", "6.103515625e-05", "5.960464477539063e-08",
    ]
    static let characterPools: [[Unicode.Scalar]] = [
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ".unicodeScalars),
        Array("\"\\/\u{08}\u{0C}\n\r\t\u{00}\u{01}\u{1F}\u{7F}".unicodeScalars),
        Array("éüßøñçÀÿ".unicodeScalars),
        Array("水漢字日本語한국어ﬁ€≠\u{0301}\u{200B}\u{FEFF}\u{FFFF}\u{E000}".unicodeScalars),
        Array("😀🎉𝄞𐍈\u{1F9EA}\u{10000}\u{10FFFF}".unicodeScalars),
    ]

    init(seed: UInt64) { self.generator = SplitMix64(seed: seed) }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }

    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &generator)] }

    mutating func value(depth: Int = 0) -> JSONValue {
        if depth < 6 && chance(0.3) {
            let count = pick([0, 0, 1, 2, 3, 5, 8])
            if chance(0.5) { return .array((0..<count).map { _ in value(depth: depth + 1) }) }
            var seen = Set<String>()
            var members: [(String, JSONValue)] = []
            for _ in 0..<count {
                let key = string()
                if seen.insert(key).inserted { members.append((key, value(depth: depth + 1))) }
            }
            return .object(JSONObject(members))
        }
        let roll = Double.random(in: 0..<1, using: &generator)
        switch roll {
        case ..<0.08: return .null
        case ..<0.16: return .bool(chance(0.5))
        case ..<0.45: return .number(integer())
        case ..<0.72: return .number(float())
        default: return .string(string())
        }
    }

    /// A chain of 50–390 nested arrays/objects (below cbor2's default decoding limit of 400).
    mutating func deepValue() -> JSONValue {
        var result = value(depth: 6)
        for _ in 0..<Int.random(in: 50...390, using: &generator) {
            result = chance(0.5) ? .array([result]) : .object(JSONObject([(string(), result)]))
        }
        return result
    }

    mutating func integer() -> JSONNumber {
        let roll = Double.random(in: 0..<1, using: &generator)
        let text: String
        switch roll {
        case ..<0.3: text = String(Int.random(in: -30...30, using: &generator))
        case ..<0.55: text = pick(Self.integerTexts)
        case ..<0.8:
            let bits = Int.random(in: 1...64, using: &generator)
            let magnitude = generator.next() >> UInt64(64 - bits)
            text = (chance(0.5) ? "-" : "") + String(magnitude)
        default:
            let length =
                chance(0.95)
                ? Int.random(in: 20...200, using: &generator) : Int.random(in: 1000...4000, using: &generator)
            var digits = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<length { digits += String(Int.random(in: 0...9, using: &generator)) }
            text = (chance(0.5) ? "-" : "") + digits
        }
        return JSONNumber(text: text) ?? JSONNumber(integer: 0)
    }

    mutating func float() -> JSONNumber {
        if chance(0.4) { return JSONNumber(text: pick(Self.floatTexts)) ?? JSONNumber(integer: 0) }
        while true {
            let double = Double(bitPattern: generator.next())
            if let number = JSONNumber(double: double) { return number }
        }
    }

    mutating func string() -> String {
        let length =
            chance(0.97) ? pick([0, 1, 2, 3, 5, 8, 13, 24, 31, 40]) : Int.random(in: 200...3000, using: &generator)
        let poolCount = Int.random(in: 1...Self.characterPools.count, using: &generator)
        let pools = Array(Self.characterPools.shuffled(using: &generator).prefix(poolCount))
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length { scalars.append(pick(pick(pools))) }
        return String(scalars)
    }
}
