/// Conversions between `Double` and the IEEE 754 half and single precision bit patterns CBOR uses.
/// Written out by hand so they behave the same on every platform (`Float16` is not available everywhere).
enum CBORFloat {
    /// The exact `Double` value of a half-precision bit pattern (NaN payloads are kept).
    static func double(fromHalf bits: UInt16) -> Double {
        let negative = bits & 0x8000 != 0
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt64(bits & 0x3FF)
        let magnitude: Double
        switch exponent {
        case 0:
            // Subnormal (or zero): mantissa × 2⁻²⁴.
            magnitude = Double(sign: .plus, exponent: -24, significand: Double(mantissa))
        case 31:
            // Infinity or NaN: move the 10-bit payload to the top of the 52-bit one (keeps the quiet bit).
            magnitude = Double(bitPattern: 0x7FF0_0000_0000_0000 | mantissa << 42)
        default:
            // Normal: (1024 + mantissa) × 2^(exponent − 25).
            magnitude = Double(sign: .plus, exponent: exponent - 25, significand: Double(1024 + mantissa))
        }
        return negative ? -magnitude : magnitude
    }

    /// The exact `Double` value of a single-precision bit pattern.
    static func double(fromSingle bits: UInt32) -> Double {
        Double(Float(bitPattern: bits))
    }

    /// The half-precision bit pattern of `value` when it is exactly representable (±0, ±∞, every finite value a
    /// half holds, subnormals included); `nil` otherwise and for NaN.
    static func halfBits(exactly value: Double) -> UInt16? {
        guard !value.isNaN, let single = Float(exactly: value) else { return nil }
        let bits = single.bitPattern
        let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF { return sign | 0x7C00 }  // ±∞ (NaN excluded above)
        if exponent == 0 { return mantissa == 0 ? sign : nil }  // ±0; single subnormals are below every half
        let unbiased = exponent - 127
        if unbiased > 15 { return nil }
        if unbiased >= -14 {
            guard mantissa & 0x1FFF == 0 else { return nil }
            return sign | UInt16(unbiased + 15) << 10 | UInt16(mantissa >> 13)
        }
        guard unbiased >= -24 else { return nil }
        // Half subnormal: value = m × 2⁻²⁴ with m = full × 2^(unbiased + 1), full = 1.mantissa as a 24-bit integer.
        let full = 0x80_0000 | mantissa
        let shift = UInt32(-unbiased - 1)
        guard full & ((1 << shift) - 1) == 0 else { return nil }
        return sign | UInt16(full >> shift)
    }

    /// The single-precision bit pattern of `value` when it is exactly representable (not NaN).
    static func singleBits(exactly value: Double) -> UInt32? {
        guard !value.isNaN, let single = Float(exactly: value) else { return nil }
        return single.bitPattern
    }
}
