import CBOR
import JSON
import Testing

@Suite("CBOR fixed byte-level cases")
struct CBORFixedVectorTests {
    @Test("RFC 8949 Appendix A decodes to the listed item", arguments: RFC8949Vectors.all)
    func decodesAppendixA(_ vector: RFC8949Vectors.Vector) throws {
        let bytes = try #require(Hex.bytes(vector.hex))
        #expect(try CBORValue(decoding: bytes) == vector.value)
    }

    @Test("RFC 8949 Appendix A preferred encodings are reproduced", arguments: RFC8949Vectors.all.filter(\.preferred))
    func encodesAppendixA(_ vector: RFC8949Vectors.Vector) throws {
        #expect(Hex.string(try vector.value.encoded(floatStyle: .shortest)) == vector.hex)
    }

    @Test("Appendix A items as JSON")
    func appendixAAsJSON() throws {
        let cases: [(String, String)] = [
            ("1bffffffffffffffff", "18446744073709551615"),
            ("c249010000000000000000", "18446744073709551616"),
            ("3bffffffffffffffff", "-18446744073709551616"),
            ("c349010000000000000000", "-18446744073709551617"),
            ("3903e7", "-1000"),
            ("f98000", "-0.0"),
            ("f93c00", "1.0"),
            ("fa47c35000", "100000.0"),
            ("fa7f7fffff", "3.4028234663852886e+38"),
            ("f90001", "5.960464477539063e-08"),
            ("f97e00", "null"),
            ("fa7f800000", "null"),
            ("fbfff0000000000000", "null"),
            ("f7", "null"),
            ("f0", "16"),
            ("c074323031332d30332d32315432303a30343a30305a", "\"2013-03-21T20:04:00Z\""),
            ("c11a514b67b0", "\"2013-03-21T20:04:00Z\""),
            ("c1fb41d452d9ec200000", "\"2013-03-21T20:04:00.500000Z\""),
            ("d74401020304", "\"AQIDBA==\""),
            ("d82076687474703a2f2f7777772e6578616d706c652e636f6d", "\"http://www.example.com\""),
            ("5f42010243030405ff", "\"AQIDBAU=\""),
            ("7f657374726561646d696e67ff", "\"streaming\""),
            ("a201020304", "{\"1\":2,\"3\":4}"),
            ("bf6346756ef563416d7421ff", "{\"Fun\":true,\"Amt\":-2}"),
        ]
        for (hex, json) in cases {
            let bytes = try #require(Hex.bytes(hex))
            #expect(try JSONValue(decodingCBOR: bytes).serializedString() == json, "\(hex)")
        }
    }

    @Test("cbor2's float encoding: float64 for finite values, half for NaN and infinities")
    func float64Style() throws {
        let cases: [(Double, String)] = [
            (1.0, "fb3ff0000000000000"), (-0.0, "fb8000000000000000"), (.leastNonzeroMagnitude, "fb0000000000000001"),
            (1.5, "fb3ff8000000000000"), (.nan, "f97e00"), (.infinity, "f97c00"), (-.infinity, "f9fc00"),
        ]
        for (value, hex) in cases {
            #expect(Hex.string(try CBORValue.float(value).encoded()) == hex, "\(value)")
        }
    }

    @Test("shortest float style picks half, single or double exactly")
    func shortestStyle() throws {
        let cases: [(Double, String)] = [
            (0.0, "f90000"), (-0.0, "f98000"), (65504.0, "f97bff"), (65505.0, "fa477fe100"),
            (5.960464477539063e-8, "f90001"), (2.9802322387695312e-8, "fa33000000"),  // half min subnormal / 2
            (6.097555160522461e-5, "f903ff"),  // largest half subnormal
            (1.401298464324817e-45, "fa00000001"),  // smallest single subnormal
            (0.1, "fb3fb999999999999a"), (1e300, "fb7e37e43c8800759c"), (16_777_217.0, "fb4170000010000000"),
            (.nan, "f97e00"), (Double(bitPattern: 0x7FF8_0000_0000_0001), "f97e00"),
        ]
        for (value, hex) in cases {
            #expect(Hex.string(try CBORValue.float(value).encoded(floatStyle: .shortest)) == hex, "\(value)")
        }
    }

    @Test("every half-precision bit pattern decodes exactly and re-encodes to itself")
    func allHalfFloats() throws {
        for bits in 0...0xFFFF {
            let bytes: [UInt8] = [0xF9, UInt8(bits >> 8), UInt8(bits & 0xFF)]
            let value = try CBORValue(decoding: bytes)
            guard case .float(let double) = value else {
                Issue.record("F9 \(bits) decoded to \(value)")
                continue
            }
            if double.isNaN { continue }  // payloads collapse to the canonical NaN on encoding
            #expect(try value.encoded(floatStyle: .shortest) == bytes, "F9 \(String(bits, radix: 16))")
            #expect(Double(Float(double)) == double)
        }
    }
}
