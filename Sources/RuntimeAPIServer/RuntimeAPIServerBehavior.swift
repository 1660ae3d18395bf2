/// How the local Runtime API behaves: what `/next` sends, and which faults to inject (tests).
package struct RuntimeAPIServerBehavior: Sendable {
    /// Invocation timeout: `/next` sends `Lambda-Runtime-Deadline-Ms` = now + this (absolute epoch ms).
    package var timeoutMilliseconds: Int64 = 30_000
    package var invokedFunctionARN = "arn:aws:lambda:us-east-1:123456789012:function:modal-bridge-local"
    /// `Lambda-Runtime-Trace-Id`; `nil` sends no trace header.
    package var traceID: String? = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    package var clientContext: String?
    package var cognitoIdentity: String?
    package var tenantID: String?
    /// Header names left out of `/next` (to test a runtime's handling of missing headers).
    package var omittedHeaders: Set<String> = []
    /// Header values replaced in `/next` (to test malformed values).
    package var headerOverrides: [String: String] = [:]
    /// Send `/next` bodies with `Transfer-Encoding: chunked` (as real Lambda sometimes does).
    package var chunkedNext = false
    /// Answer the next this-many `/next` calls with 500 (the runtime must exit).
    package var failNextWith500 = 0
    /// Answer the next this-many `/next` calls with 403.
    package var failNextWith403 = 0
    /// Never answer `/next` (a frozen or idle environment).
    package var freezeNext = false
    /// The largest response body accepted (AWS: 6 MiB + 100 bytes); larger gets 413.
    package var maximumResponseBytes = 6_291_556
    /// Answers to force, in order, one per request, before anything else is looked at: e.g. `[.response: [413]]`
    /// answers the next `/response` with 413 and the API's error body (the invocation stays open).
    package var scriptedStatuses: [RuntimeAPIRoute: [Int]] = [:]
    /// Cut the body of the next this-many `/next` answers in half and close the connection (the invocation goes
    /// back to the front of the queue, as if it had never been delivered).
    package var cutNextBodies = 0

    package init() {}
}

/// The Runtime API calls a test can script answers for.
package enum RuntimeAPIRoute: String, Sendable, Hashable {
    case next
    case response
    case error
    case initError
}
