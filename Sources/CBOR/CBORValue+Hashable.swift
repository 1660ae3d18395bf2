extension CBORValue: Hashable {
    /// Structural equality; floats compare by bit pattern (`-0.0 != 0.0`, a NaN equals an identical NaN).
    package static func == (lhs: CBORValue, rhs: CBORValue) -> Bool {
        switch (lhs, rhs) {
        case (.unsigned(let a), .unsigned(let b)): return a == b
        case (.negative(let a), .negative(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.text(let a), .text(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        case (.tagged(let tagA, let a), .tagged(let tagB, let b)): return tagA == tagB && a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null), (.undefined, .undefined): return true
        case (.simple(let a), .simple(let b)): return a == b
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .unsigned(let n):
            hasher.combine(0 as UInt8)
            hasher.combine(n)
        case .negative(let n):
            hasher.combine(1 as UInt8)
            hasher.combine(n)
        case .bytes(let bytes):
            hasher.combine(2 as UInt8)
            hasher.combine(bytes)
        case .text(let text):
            hasher.combine(3 as UInt8)
            hasher.combine(text)
        case .array(let elements):
            hasher.combine(4 as UInt8)
            hasher.combine(elements)
        case .map(let entries):
            hasher.combine(5 as UInt8)
            hasher.combine(entries)
        case .tagged(let tag, let value):
            hasher.combine(6 as UInt8)
            hasher.combine(tag)
            hasher.combine(value)
        case .bool(let flag):
            hasher.combine(7 as UInt8)
            hasher.combine(flag)
        case .null: hasher.combine(8 as UInt8)
        case .undefined: hasher.combine(9 as UInt8)
        case .simple(let value):
            hasher.combine(10 as UInt8)
            hasher.combine(value)
        case .float(let value):
            hasher.combine(11 as UInt8)
            hasher.combine(value.bitPattern)
        }
    }
}
