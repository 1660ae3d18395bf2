package import NIOHTTP1

extension Invocation {
    /// Parses the `/next` headers as NIO received them (see ``init(headerFields:event:receivedAtEpochMilliseconds:)``).
    package init(headers: HTTPHeaders, event: [UInt8], receivedAtEpochMilliseconds now: Int64) throws(RuntimeAPIError) {
        try self.init(header: { headers.first(name: $0) }, event: event, receivedAtEpochMilliseconds: now)
    }
}
