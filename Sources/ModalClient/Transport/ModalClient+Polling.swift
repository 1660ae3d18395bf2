extension ModalClient {
    /// How long the next long poll (`FunctionGetOutputs`, `AttemptAwait`) may ask the server to wait:
    /// `min(maxPollDuration, time left − 250 ms)`, leaving room for the answer to travel back; a `Modal.Timeout`
    /// error when no time is left for another poll.
    func nextPollDuration(
        for function: ModalResolvedFunction,
        context: ModalCallContext
    ) throws(ModalError) -> Duration {
        let pollTime = min(configuration.maxPollDuration, context.remaining - .milliseconds(250))
        guard pollTime > .zero else {
            throw .timeout("Modal function \(function.reference) did not finish in time")
        }
        return pollTime
    }
}
