/// One invocation as `/next` delivered it: the event bytes and every header the runtime needs.
package struct Invocation: Sendable {
    package var requestID: String
    /// The deadline as Unix epoch milliseconds (`Lambda-Runtime-Deadline-Ms`).
    package var deadlineEpochMilliseconds: Int64
    package var invokedFunctionARN: String
    /// The X-Ray header (`Root=…;Parent=…;Sampled=…`), when present.
    package var traceID: String?
    /// `Lambda-Runtime-Client-Context`: JSON text sent by mobile SDK callers.
    package var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`: JSON text for Cognito-authenticated callers.
    package var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, for tenant-isolated functions.
    package var tenantID: String?
    /// The event exactly as received.
    package var event: [UInt8]

    package init(
        requestID: String,
        deadlineEpochMilliseconds: Int64,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        event: [UInt8]
    ) {
        self.requestID = requestID
        self.deadlineEpochMilliseconds = deadlineEpochMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.event = event
    }

    /// Values below this are not epoch milliseconds (before 1973): some local emulators (cargo-lambda) send the
    /// timeout as a duration. Such a value is read as milliseconds from the moment `/next` answered.
    static let smallestEpochDeadline: Int64 = 100_000_000_000

    /// Milliseconds left before the deadline at `nowEpochMilliseconds` (negative once it has passed).
    package func remainingMilliseconds(atEpochMilliseconds nowEpochMilliseconds: Int64) -> Int64 {
        deadlineEpochMilliseconds - nowEpochMilliseconds
    }
}
