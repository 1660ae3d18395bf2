/// A non-negative integer of any size, just enough arithmetic to move between decimal text and CBOR bignum bytes
/// (tags 2 and 3). Limbs are 32-bit, least significant first, with no leading zero limbs (zero has none).
struct BigMagnitude: Equatable {
    private(set) var limbs: [UInt32]

    /// The largest bignum the bridge converts: 8 KiB of magnitude, about 19 700 decimal digits. Conversion is
    /// quadratic, and this keeps the worst case to a few milliseconds.
    static let maximumByteCount = 8192
    /// The decimal digit count matching ``maximumByteCount`` (⌊8192 × 8 × log₁₀ 2⌋).
    static let maximumDigitCount = 19_728

    init() { self.limbs = [] }

    /// Parses ASCII decimal digits (no sign, at least one digit, every byte a digit).
    init?<Digits: Collection>(decimalDigits digits: Digits) where Digits.Element == UInt8 {
        guard !digits.isEmpty else { return nil }
        limbs = []
        limbs.reserveCapacity(digits.count / 9 + 1)
        var chunk: UInt32 = 0
        var chunkLength = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            chunk = chunk * 10 + UInt32(byte - UInt8(ascii: "0"))
            chunkLength += 1
            if chunkLength == 9 {
                multiplyAdd(1_000_000_000, chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 {
            var scale: UInt32 = 1
            for _ in 0..<chunkLength { scale *= 10 }
            multiplyAdd(scale, chunk)
        }
    }

    /// Reads big-endian bytes (leading zero bytes allowed).
    init<Bytes: Collection>(bigEndian bytes: Bytes) where Bytes.Element == UInt8 {
        limbs = []
        limbs.reserveCapacity(bytes.count / 4 + 1)
        var limb: UInt32 = 0
        var shift: UInt32 = 0
        for byte in bytes.reversed() {
            limb |= UInt32(byte) << shift
            shift += 8
            if shift == 32 {
                limbs.append(limb)
                limb = 0
                shift = 0
            }
        }
        if shift > 0 { limbs.append(limb) }
        trim()
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value when it fits in 64 bits.
    var uint64Value: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return UInt64(limbs[0])
        case 2: return UInt64(limbs[1]) << 32 | UInt64(limbs[0])
        default: return nil
        }
    }

    /// Minimal big-endian bytes (empty for zero), as CBOR bignums are written.
    var bigEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(limbs.count * 4)
        for limb in limbs.reversed() {
            for shift in stride(from: 24, through: 0, by: -8) {
                let byte = UInt8(truncatingIfNeeded: limb >> UInt32(shift))
                if bytes.isEmpty && byte == 0 { continue }
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// Decimal digits without sign (`"0"` for zero).
    var decimalString: String {
        if limbs.isEmpty { return "0" }
        var work = limbs
        var groups: [UInt32] = []  // base 10⁹ groups, least significant first
        groups.reserveCapacity(work.count * 32 / 29 + 1)
        while !work.isEmpty {
            var remainder: UInt64 = 0
            for position in stride(from: work.count - 1, through: 0, by: -1) {
                let current = remainder << 32 | UInt64(work[position])
                work[position] = UInt32(truncatingIfNeeded: current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            while work.last == 0 { work.removeLast() }
            groups.append(UInt32(remainder))
        }
        var text = String(groups[groups.count - 1])
        for group in groups.dropLast().reversed() {
            let digits = String(group)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }

    mutating func addOne() {
        for position in limbs.indices {
            let (sum, overflow) = limbs[position].addingReportingOverflow(1)
            limbs[position] = sum
            if !overflow { return }
        }
        limbs.append(1)
    }

    /// Subtracts one; zero stays zero.
    mutating func subtractOne() {
        for position in limbs.indices {
            let (difference, borrow) = limbs[position].subtractingReportingOverflow(1)
            limbs[position] = difference
            if !borrow { break }
        }
        trim()
    }

    private mutating func multiplyAdd(_ factor: UInt32, _ addend: UInt32) {
        var carry = UInt64(addend)
        for position in limbs.indices {
            let product = UInt64(limbs[position]) * UInt64(factor) + carry
            limbs[position] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }
}
