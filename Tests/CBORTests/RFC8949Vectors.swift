import CBOR

/// The examples of RFC 8949 Appendix A (public test vectors): encoded hex, the decoded item, and whether the
/// encoding is the preferred one (so encoding the item with the shortest float style must give the same bytes).
/// Every entry was also checked against cbor2.
enum RFC8949Vectors {
    struct Vector: Sendable, CustomStringConvertible {
        var hex: String
        var value: CBORValue
        var preferred: Bool
        var description: String { hex }
    }

    static let all: [Vector] = integers + floats + simpleAndTags + strings + containers + indefinite

    static let integers: [Vector] = [
        Vector(hex: "00", value: 0, preferred: true),
        Vector(hex: "01", value: 1, preferred: true),
        Vector(hex: "0a", value: 10, preferred: true),
        Vector(hex: "17", value: 23, preferred: true),
        Vector(hex: "1818", value: 24, preferred: true),
        Vector(hex: "1819", value: 25, preferred: true),
        Vector(hex: "1864", value: 100, preferred: true),
        Vector(hex: "1903e8", value: 1000, preferred: true),
        Vector(hex: "1a000f4240", value: 1_000_000, preferred: true),
        Vector(hex: "1b000000e8d4a51000", value: 1_000_000_000_000, preferred: true),
        Vector(hex: "1bffffffffffffffff", value: .unsigned(.max), preferred: true),
        Vector(hex: "c249010000000000000000", value: .tagged(2, .bytes([1, 0, 0, 0, 0, 0, 0, 0, 0])), preferred: true),
        Vector(hex: "3bffffffffffffffff", value: .negative(.max), preferred: true),
        Vector(hex: "c349010000000000000000", value: .tagged(3, .bytes([1, 0, 0, 0, 0, 0, 0, 0, 0])), preferred: true),
        Vector(hex: "20", value: -1, preferred: true),
        Vector(hex: "29", value: -10, preferred: true),
        Vector(hex: "3863", value: -100, preferred: true),
        Vector(hex: "3903e7", value: -1000, preferred: true),
    ]

    static let floats: [Vector] = [
        Vector(hex: "f90000", value: 0.0, preferred: true),
        Vector(hex: "f98000", value: .float(-0.0), preferred: true),
        Vector(hex: "f93c00", value: 1.0, preferred: true),
        Vector(hex: "fb3ff199999999999a", value: 1.1, preferred: true),
        Vector(hex: "f93e00", value: 1.5, preferred: true),
        Vector(hex: "f97bff", value: 65504.0, preferred: true),
        Vector(hex: "fa47c35000", value: 100000.0, preferred: true),
        Vector(hex: "fa7f7fffff", value: 3.4028234663852886e+38, preferred: true),
        Vector(hex: "fb7e37e43c8800759c", value: 1.0e+300, preferred: true),
        Vector(hex: "f90001", value: 5.960464477539063e-8, preferred: true),
        Vector(hex: "f90400", value: 0.00006103515625, preferred: true),
        Vector(hex: "f9c400", value: -4.0, preferred: true),
        Vector(hex: "fbc010666666666666", value: -4.1, preferred: true),
        Vector(hex: "f97c00", value: .float(.infinity), preferred: true),
        Vector(hex: "f97e00", value: .float(.nan), preferred: true),
        Vector(hex: "f9fc00", value: .float(-.infinity), preferred: true),
        Vector(hex: "fa7f800000", value: .float(.infinity), preferred: false),
        Vector(hex: "fa7fc00000", value: .float(.nan), preferred: false),
        Vector(hex: "faff800000", value: .float(-.infinity), preferred: false),
        Vector(hex: "fb7ff0000000000000", value: .float(.infinity), preferred: false),
        Vector(hex: "fb7ff8000000000000", value: .float(.nan), preferred: false),
        Vector(hex: "fbfff0000000000000", value: .float(-.infinity), preferred: false),
    ]

    static let simpleAndTags: [Vector] = [
        Vector(hex: "f4", value: false, preferred: true),
        Vector(hex: "f5", value: true, preferred: true),
        Vector(hex: "f6", value: nil, preferred: true),
        Vector(hex: "f7", value: .undefined, preferred: true),
        Vector(hex: "f0", value: .simple(16), preferred: true),
        Vector(hex: "f8ff", value: .simple(255), preferred: true),
        Vector(
            hex: "c074323031332d30332d32315432303a30343a30305a",
            value: .tagged(0, "2013-03-21T20:04:00Z"),
            preferred: true
        ),
        Vector(hex: "c11a514b67b0", value: .tagged(1, 1_363_896_240), preferred: true),
        Vector(hex: "c1fb41d452d9ec200000", value: .tagged(1, 1_363_896_240.5), preferred: true),
        Vector(hex: "d74401020304", value: .tagged(23, .bytes([1, 2, 3, 4])), preferred: true),
        Vector(hex: "d818456449455446", value: .tagged(24, .bytes(Array("dIETF".utf8))), preferred: true),
        Vector(
            hex: "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
            value: .tagged(32, "http://www.example.com"),
            preferred: true
        ),
    ]

    static let strings: [Vector] = [
        Vector(hex: "40", value: .bytes([]), preferred: true),
        Vector(hex: "4401020304", value: .bytes([1, 2, 3, 4]), preferred: true),
        Vector(hex: "60", value: "", preferred: true),
        Vector(hex: "6161", value: "a", preferred: true),
        Vector(hex: "6449455446", value: "IETF", preferred: true),
        Vector(hex: "62225c", value: "\"\\", preferred: true),
        Vector(hex: "62c3bc", value: "\u{00FC}", preferred: true),
        Vector(hex: "63e6b0b4", value: "\u{6C34}", preferred: true),
        Vector(hex: "64f0908591", value: "\u{10151}", preferred: true),
    ]

    static let oneToTwentyFive: CBORValue = .array((1...25).map { CBORValue.integer(Int64($0)) })

    static let containers: [Vector] = [
        Vector(hex: "80", value: [], preferred: true),
        Vector(hex: "83010203", value: [1, 2, 3], preferred: true),
        Vector(hex: "8301820203820405", value: [1, [2, 3], [4, 5]], preferred: true),
        Vector(
            hex: "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
            value: oneToTwentyFive,
            preferred: true
        ),
        Vector(hex: "a0", value: [:], preferred: true),
        Vector(hex: "a201020304", value: [1: 2, 3: 4], preferred: true),
        Vector(hex: "a26161016162820203", value: ["a": 1, "b": [2, 3]], preferred: true),
        Vector(hex: "826161a161626163", value: ["a", ["b": "c"]], preferred: true),
        Vector(
            hex: "a56161614161626142616361436164614461656145",
            value: ["a": "A", "b": "B", "c": "C", "d": "D", "e": "E"],
            preferred: true
        ),
    ]

    static let indefinite: [Vector] = [
        Vector(hex: "5f42010243030405ff", value: .bytes([1, 2, 3, 4, 5]), preferred: false),
        Vector(hex: "7f657374726561646d696e67ff", value: "streaming", preferred: false),
        Vector(hex: "9fff", value: [], preferred: false),
        Vector(hex: "9f018202039f0405ffff", value: [1, [2, 3], [4, 5]], preferred: false),
        Vector(hex: "9f01820203820405ff", value: [1, [2, 3], [4, 5]], preferred: false),
        Vector(hex: "83018202039f0405ff", value: [1, [2, 3], [4, 5]], preferred: false),
        Vector(hex: "83019f0203ff820405", value: [1, [2, 3], [4, 5]], preferred: false),
        Vector(
            hex: "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
            value: oneToTwentyFive,
            preferred: false
        ),
        Vector(hex: "bf61610161629f0203ffff", value: ["a": 1, "b": [2, 3]], preferred: false),
        Vector(hex: "826161bf61626163ff", value: ["a", ["b": "c"]], preferred: false),
        Vector(hex: "bf6346756ef563416d7421ff", value: ["Fun": true, "Amt": -2], preferred: false),
    ]
}
