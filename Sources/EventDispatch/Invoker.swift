package import JSON

/// What one call of the function produced.
package enum InvocationOutcome: Sendable, Hashable {
    /// `remote`: the function's return value, as JSON.
    case result(JSONValue)
    /// `spawn`: the call was accepted; its id (`fc-…`).
    case spawned(functionCallID: String)
    /// `remote`: the function returned a byte string (HTTP sources send it base64-encoded with
    /// `isBase64Encoded: true`; other sources get it as a base64 string in `result`).
    case bytes([UInt8])
}

/// Why a call failed. `errorType` is Lambda's `Category.Reason` form (e.g. `Modal.RemoteError`, `Modal.Timeout`);
/// `message` must be safe to show (no secrets). HTTP sources never see either: they get a bare 502 or, when
/// `isTimeout`, 504.
package struct InvocationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    package var errorType: String
    package var message: String
    package var isTimeout: Bool

    package init(errorType: String, message: String, isTimeout: Bool = false) {
        self.errorType = errorType
        self.message = message
        self.isTimeout = isTimeout
    }

    package var description: String { "\(errorType): \(message)" }
}

/// Receives one payload's outcome in a batch: the payload's position in the batch and how its call ended.
package typealias BatchReport = @Sendable (Int, Result<InvocationOutcome, InvocationFailure>) -> Void

/// Calls the function once with a payload. The bridge implements it with Modal (adding the static params, so
/// Modal receives `[[payload, params], {}]`); tests use an in-memory invoker.
package protocol Invoker: Sendable {
    func invoke(_ payload: JSONValue) async throws(InvocationFailure) -> InvocationOutcome

    /// Calls the function once per payload as one batch (the bridge: one Modal map call), reporting each payload's
    /// outcome through `report` as soon as it is known, every position exactly once. Returns false, reporting
    /// nothing, when this invoker cannot batch (the caller then calls ``invoke(_:)`` per payload).
    func invokeBatch(_ payloads: [JSONValue], report: BatchReport) async -> Bool
}

extension Invoker {
    /// An invoker without a batch call: every payload goes through ``invoke(_:)``.
    package func invokeBatch(_ payloads: [JSONValue], report: BatchReport) async -> Bool { false }
}
