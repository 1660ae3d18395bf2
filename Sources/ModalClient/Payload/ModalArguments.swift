package import CBOR
package import JSON

/// The CBOR payload of a Modal function input: `[args, kwargs]`, which the container decodes with
/// `cbor2.loads` and calls as `f(*args, **kwargs)`. A Modal convention, built on the CBOR codec.
package enum ModalArguments {
    /// `[[payload, params], {}]`: calls the Modal function as `f(payload, params)`. This is the shape
    /// modal-bridge-constructs sends (`fn.remote([event, params])`).
    package static func encode(payload: JSONValue, params: JSONValue) throws(CBORError) -> [UInt8] {
        try encode(args: [payload, params], kwargs: JSONObject())
    }

    /// `[args, kwargs]` with kwargs as a text-keyed map. The output buffer is sized once from the values.
    package static func encode(args: [JSONValue], kwargs: JSONObject) throws(CBORError) -> [UInt8] {
        let argsValue = JSONValue.array(args)
        let kwargsValue = JSONValue.object(kwargs)
        let capacity =
            1 + CBOREncoder.encodedSizeUpperBound(of: argsValue) + CBOREncoder.encodedSizeUpperBound(of: kwargsValue)
        var encoder = CBOREncoder(reservingCapacity: capacity)
        encoder.writeHead(major: 4, argument: 2)
        try encoder.encode(json: argsValue)
        try encoder.encode(json: kwargsValue)
        return encoder.bytes
    }
}
