import CBOR
import Foundation
import JSON
import Testing

/// Differential tests against Python's cbor2 (the decoder and encoder of every Modal container), both directions
/// on every run: cbor2's bytes must decode in Swift to the same JSON and re-encode to the same bytes, and Swift's
/// bytes must decode in cbor2 to exactly the value `json.loads` gives and equal `cbor2.dumps` of it.
@Suite("CBOR differential against cbor2")
struct CBORDifferentialTests {
    @Test("cbor2 → Swift on Python-made values, then Swift → cbor2 on the same values")
    func pythonGeneratedValues() async throws {
        let peer = try CBORPythonPeer()
        defer { peer.removeFiles() }
        let vectorsURL = peer.directory.appendingPathComponent("vectors.jsonl")
        let summary = try await peer.run(["generate", "--seed", "8949", "--count", "2000", "--out", vectorsURL.path])
        let records = try CBORPythonPeer.readLines(vectorsURL)
        #expect(records.count == summary["records"]?.numberValue?.int64Value.map(Int.init))
        #expect(records.count > 2500)

        var swiftEncodings: [(id: Int, json: String, cbor: [UInt8])] = []
        var failures: [String] = []
        var decodeOnly = 0
        for record in records {
            let id = Int(record["id"]?.numberValue?.int64Value ?? -1)
            let cbor = try #require(Hex.bytes(record["cbor"]?.stringValue ?? "x"))
            if let problem = check(record, cbor: cbor, swiftEncodings: &swiftEncodings, decodeOnly: &decodeOnly) {
                failures.append("#\(id) \(record["name"]?.stringValue ?? ""): \(problem)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(records.count) cbor2 vectors failed: \(failures.prefix(10))")
        #expect(decodeOnly > 500)  // canonical, indefinite-length and non-JSON vectors were all exercised

        let swiftURL = peer.directory.appendingPathComponent("swift.jsonl")
        try CBORPythonPeer.writeLines(swiftEncodings, to: swiftURL)
        let checked = try await peer.run(["check", "--input", swiftURL.path])
        #expect(checked["checked"] == .integer(swiftEncodings.count))
        #expect(checked["failed"] == .integer(0), "cbor2 rejected Swift encodings: \(checked.serializedString())")
    }

    @Test("Swift → cbor2 on Swift-made random values")
    func swiftGeneratedValues() async throws {
        var random = RandomJSON(seed: 0x8949_2026)
        var records: [(id: Int, json: String, cbor: [UInt8])] = []
        for id in 0..<2500 {
            let value = id % 50 == 0 ? random.deepValue() : random.value()
            let json = value.serializedString()
            let cbor = try value.cborEncoded()
            // The model path gives the same bytes as the direct writer, and decoding gives the value back.
            #expect(try CBORValue(json: value).encoded() == cbor)
            let decoded = try JSONValue(decodingCBOR: cbor)
            // A float literal beyond the double range reads as ±∞, which comes back as null.
            if let problem = JSONEquivalence.difference(JSONEquivalence.overflowingFloatsAsNull(value), decoded) {
                Issue.record("#\(id) Swift round trip: \(problem)")
            }
            records.append((id, json, cbor))
        }
        let peer = try CBORPythonPeer()
        defer { peer.removeFiles() }
        let url = peer.directory.appendingPathComponent("swift-random.jsonl")
        try CBORPythonPeer.writeLines(records, to: url)
        let checked = try await peer.run(["check", "--input", url.path])
        #expect(checked["checked"] == .integer(records.count))
        #expect(checked["failed"] == .integer(0), "cbor2 rejected Swift encodings: \(checked.serializedString())")
    }

    /// One Python vector; returns what went wrong, if anything.
    private func check(
        _ record: JSONValue,
        cbor: [UInt8],
        swiftEncodings: inout [(id: Int, json: String, cbor: [UInt8])],
        decodeOnly: inout Int
    ) -> String? {
        do {
            let expectedText =
                record["kind"] == "roundtrip" ? record["json"]?.stringValue : record["expected"]?.stringValue
            let expected = try JSONValue(parsing: expectedText ?? "")
            let decoded = try JSONValue(decodingCBOR: cbor)
            if let problem = JSONEquivalence.difference(expected, decoded) { return "decoded JSON differs: \(problem)" }
            // Decoding to the model and encoding again reproduces cbor2's bytes.
            let style: CBOREncoder.FloatStyle? =
                switch record["kind"] == "roundtrip" ? "float64" : record["style"]?.stringValue {
                case "float64": .float64
                case "shortest": .shortest
                default: nil
                }
            if let style {
                let reencoded = try CBORValue(decoding: cbor).encoded(floatStyle: style)
                if reencoded != cbor {
                    return "re-encoded \(Hex.string(reencoded).prefix(120)) ≠ \(Hex.string(cbor).prefix(120))"
                }
            }
            guard record["kind"] == "roundtrip", let jsonText = record["json"]?.stringValue else {
                decodeOnly += 1
                return nil
            }
            // Encoding the JSON text gives exactly what cbor2.dumps(json.loads(text)) gave.
            let encoded = try expected.cborEncoded()
            let id = Int(record["id"]?.numberValue?.int64Value ?? -1)
            swiftEncodings.append((id, jsonText, encoded))
            if encoded != cbor {
                return "Swift encoding \(Hex.string(encoded).prefix(120)) ≠ cbor2 \(Hex.string(cbor).prefix(120))"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
