import ArgumentParser
import CFNTemplates

/// The HTTP API flags of `cfn stack` (one API per stack, shared by every function's routes).
struct StackHTTPAPIOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Route authorization: iam (default), jwt or none (public).", valueName: "auth"))
    var httpAuth: String?

    @Option(help: ArgumentHelp("JWT issuer URL (with --http-auth jwt).", valueName: "url"))
    var httpJwtIssuer: String?

    @Option(help: ArgumentHelp("JWT audience (repeatable; with --http-auth jwt).", valueName: "aud"))
    var httpJwtAudience: [String] = []

    @Option(help: ArgumentHelp("Stage burst limit, 1-5000 requests.", valueName: "n"))
    var httpThrottlingBurstLimit: Int?

    @Option(help: ArgumentHelp("Stage rate limit, 1-10000 requests per second.", valueName: "n"))
    var httpThrottlingRateLimit: Int?

    @Flag(help: "Write access logs (one JSON line per request) to a log group of the stack.")
    var httpAccessLogs = false

    var isUsed: Bool { input.isUsed }

    var input: HTTPAPIInput {
        var input = HTTPAPIInput()
        input.auth = httpAuth.field("--http-auth")
        input.jwtIssuer = httpJwtIssuer.field("--http-jwt-issuer")
        input.jwtAudiences = .flag("--http-jwt-audience", httpJwtAudience)
        input.throttlingBurstLimit = httpThrottlingBurstLimit.field("--http-throttling-burst-limit")
        input.throttlingRateLimit = httpThrottlingRateLimit.field("--http-throttling-rate-limit")
        if httpAccessLogs { input.accessLogs = Field(true, "--http-access-logs") }
        return input
    }
}
