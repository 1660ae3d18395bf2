/// The validated options of the stack's HTTP API: who may call the routes, stage throttling, access logs.
package struct HTTPAPIConfig: Sendable, Hashable {
    package enum Auth: Sendable, Hashable {
        /// SigV4-signed callers with `execute-api:Invoke` (the default).
        case iam
        /// A JWT authorizer: tokens of `issuer` for one of `audiences`, from the `Authorization` header.
        case jwt(issuer: String, audiences: [String])
        /// Public.
        case none
    }

    package var auth: Auth
    package var throttlingBurstLimit: Int?
    package var throttlingRateLimit: Int?
    package var accessLogs: Bool

    init(_ input: HTTPAPIInput) throws(CFNError) {
        let audiences = try input.jwtAudiences.validated { field throws(CFNError) in
            guard (1...256).contains(field.value.utf8.count),
                field.value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
            else { throw .invalid(field.name, field.value, "must be 1–256 printable ASCII characters (a JWT aud)") }
            return field.value
        }
        switch input.auth?.value ?? "iam" {
        case "iam", "none":
            if let field = input.jwtIssuer ?? input.jwtAudiences.values.first {
                throw .conflicting(field.name, "applies only with --http-auth jwt (httpApi.auth: jwt)")
            }
            auth = input.auth?.value == "none" ? .none : .iam
        case "jwt":
            guard let issuer = input.jwtIssuer else {
                throw .missing(input.jwtIssuerName, "--http-auth jwt needs the token issuer (an https:// URL)")
            }
            guard issuer.value.hasPrefix("https://"), issuer.value.utf8.count > 8, issuer.value.utf8.count <= 2_048,
                issuer.value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
            else {
                throw .invalid(issuer.name, issuer.value, "must be the issuer's https:// URL (the token's iss)")
            }
            guard !audiences.isEmpty else {
                throw .missing(input.jwtAudiences.name, "--http-auth jwt needs at least one audience (the token's aud)")
            }
            auth = .jwt(issuer: issuer.value, audiences: audiences)
        default:
            let field = input.auth ?? Field("", "--http-auth")
            throw .invalid(field.name, field.value, "must be iam (default), jwt or none")
        }
        throttlingBurstLimit = try input.throttlingBurstLimit.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 1...5_000, "requests, the stage's burst limit")
        }
        throttlingRateLimit = try input.throttlingRateLimit.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 1...10_000, "requests per second, the stage's rate limit")
        }
        accessLogs = input.accessLogs?.value ?? false
    }

    /// The route's `AuthorizationType`.
    var authorizationType: String {
        switch auth {
        case .iam: "AWS_IAM"
        case .jwt: "JWT"
        case .none: "NONE"
        }
    }
}
