package import JSON

/// One invocation's event: the bytes as received, the parsed value (numbers keep their exact text, members their
/// order, so forwarding `value` loses nothing) and what it was recognised as.
package struct InboundEvent: Sendable {
    /// The event body exactly as received.
    package let bytes: [UInt8]
    /// The parsed event.
    package let value: JSONValue
    /// The recognised source with its typed model.
    package let classified: ClassifiedEvent

    /// Parses and classifies `bytes`. Throws only when the bytes are not JSON; unfamiliar JSON is `.unknown`.
    package init(bytes: [UInt8]) throws(LambdaEventsError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidJSON(error.description, underlying: error)
        }
        self.bytes = bytes
        self.value = value
        self.classified = ClassifiedEvent(value)
    }

    package var kind: EventKind { classified.kind }
}
