import CBOR
import JSON
import ModalClient
import Testing

/// `ModalArguments`: the `[args, kwargs]` CBOR payload of a Modal function input.
@Suite("Modal arguments")
struct ModalArgumentsTests {
    @Test("[[payload, params], {}]")
    func payloadAndParams() throws {
        let bytes = try ModalArguments.encode(payload: ["k": "v"], params: ["p": 1])
        #expect(bytes == [0x82, 0x82, 0xa1, 0x61, 0x6b, 0x61, 0x76, 0xa1, 0x61, 0x70, 0x01, 0xa0])
    }

    @Test("null params stay null, and kwargs are a text-keyed map")
    func kwargs() throws {
        let withNull = try ModalArguments.encode(payload: [1, 2.0], params: nil)
        #expect(withNull == [0x82, 0x82, 0x82, 0x01, 0xfb, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf6, 0xa0])
        // Python `f.remote(event, {"p": 1}, extra="kw")` sends `82 82 <event> a1 61 "p" 01 a1 65 "extra" 62 "kw"`.
        let bytes = try ModalArguments.encode(args: [[:], ["p": 1]], kwargs: ["extra": "kw"])
        #expect(
            bytes == [
                0x82, 0x82, 0xa0, 0xa1, 0x61, 0x70, 0x01, 0xa1, 0x65, 0x65, 0x78, 0x74, 0x72, 0x61, 0x62, 0x6b, 0x77,
            ]
        )
    }

    @Test func tooDeepAPayloadIsACBORError() {
        var json: JSONValue = 1
        for _ in 0..<513 { json = [json] }
        #expect(throws: CBORError.self) { try ModalArguments.encode(payload: json, params: [:]) }
    }

    @Test func theEncodingDecodesToTheCall() throws {
        let bytes = try ModalArguments.encode(payload: ["n": 1.5], params: ["p": "q"])
        #expect(try JSONValue(decodingCBOR: bytes) == [[["n": 1.5], ["p": "q"]], [:]])
    }
}
