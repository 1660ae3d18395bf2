import JSON
import Primitives

/// The response shape of non-HTTP sources (the drop-in for modal-bridge-constructs' handler):
/// `{"status":"Success","response":{"result": …}}` (remote) or
/// `{"status":"Success","response":{"function_call_id": …}}` (spawn).
enum DropInResponse {
    /// The response for one call.
    static func success(_ outcome: InvocationOutcome) -> JSONValue {
        wrap(entry(outcome))
    }

    /// `record` mode for sources with `Records` (S3, SNS): one entry per call, in record order.
    static func records(_ entries: [JSONValue]) -> JSONValue {
        wrap(.members([("records", .array(entries))]))
    }

    /// An event acknowledged without a call (`s3:TestEvent`).
    static func skipped(_ reason: String) -> JSONValue {
        wrap(skippedEntry(reason))
    }

    static func entry(_ outcome: InvocationOutcome) -> JSONValue {
        switch outcome {
        case .result(let value): return .members([("result", value)])
        case .spawned(let functionCallID): return .members([("function_call_id", .string(functionCallID))])
        case .bytes(let bytes): return .members([("result", .string(Base64.encode(bytes)))])
        }
    }

    static func skippedEntry(_ reason: String) -> JSONValue { .members([("skipped", .string(reason))]) }

    private static func wrap(_ response: JSONValue) -> JSONValue {
        .members([("status", "Success"), ("response", response)])
    }
}
