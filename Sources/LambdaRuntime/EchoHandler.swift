import Logging

/// `_HANDLER=echo`: answers every invocation with its event, unchanged. For smoke tests and runtime benchmarks.
package struct EchoHandler: LambdaHandler {
    package init() {}

    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        context.logger.debug("echo", metadata: ["bytes": "\(event.count)"])
        return event
    }
}
