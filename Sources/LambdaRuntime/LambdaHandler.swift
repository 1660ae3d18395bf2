package import Logging
package import RuntimeAPI

/// What the run loop hands a handler for one invocation.
package struct LambdaContext: Sendable {
    package var invocation: Invocation
    /// The invocation's deadline on the monotonic clock (from the absolute epoch deadline at receipt).
    package var deadline: ContinuousClock.Instant
    /// A logger carrying `aws-request-id` (and the trace id when present).
    package var logger: Logger
    /// Kept back before ``deadline`` for posting the outcome (see ``InvocationBudget``).
    package var safetyMargin: Duration

    package init(
        invocation: Invocation,
        deadline: ContinuousClock.Instant,
        logger: Logger,
        safetyMargin: Duration = InvocationBudget.defaultSafetyMargin
    ) {
        self.invocation = invocation
        self.deadline = deadline
        self.logger = logger
        self.safetyMargin = safetyMargin
    }

    /// The invocation's budget: ``deadline`` minus ``safetyMargin``; hand `budget.limit` to every network call.
    package var budget: InvocationBudget { InvocationBudget(deadline: deadline, safetyMargin: safetyMargin) }

    package var requestID: String { invocation.requestID }

    /// Time left before Lambda stops the invocation.
    package var remainingTime: Duration { deadline - ContinuousClock.now }
}

/// The seam between the run loop and what the function does: event bytes in, response bytes out.
///
/// A thrown error becomes the invocation error through ``Diagnostic`` (errors that conform to
/// ``LambdaDiagnosable`` choose their own `errorType`).
package protocol LambdaHandler: Sendable {
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]

    /// What runs beside the loop for the life of the process (none by default); shut down when the loop ends.
    var services: [any LambdaService] { get }
}

extension LambdaHandler {
    package var services: [any LambdaService] { [] }
}
