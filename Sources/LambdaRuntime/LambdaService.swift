/// Long-lived work beside the run loop, such as the Modal client's gRPC connections: the shape of
/// swift-service-lifecycle's `Service` with an explicit shutdown, without the dependency (the `bootstrap` keeps it
/// out, see the build notes). A handler lists its services in ``LambdaHandler/services``.
package protocol LambdaService: Sendable {
    /// Runs until ``shutdown()`` is called.
    func run() async throws
    /// Asks ``run()`` to return once the work in flight is done.
    func shutdown()
}
