package import JSON

/// Modal's OIDC issuer and the CloudFormation pieces for its IAM identity provider (reference §5.1, §6.1, §6.4).
package enum ModalOIDC {
    /// The provider URL: the token's `iss`, exactly, without a trailing slash.
    package static let issuerURL = "https://oidc.modal.com"
    /// The audience of every Modal token (the same for every Modal customer).
    package static let audience = "oidc.modal.com"
    /// The condition keys IAM offers for this provider; Modal's custom claims are not among them.
    package static let audienceKey = "oidc.modal.com:aud"
    package static let subjectKey = "oidc.modal.com:sub"
    /// The only action a Modal role may be assumed with.
    package static let assumeAction = "sts:AssumeRoleWithWebIdentity"

    /// The default of the `OIDCThumbprint` parameter. AWS checks oidc.modal.com's certificate against its own
    /// trusted root CAs and uses thumbprints only as a fallback (for private CAs); CloudFormation still fails when the
    /// list is missing (cloudformation-coverage-roadmap #2092), so one value must be given. This placeholder matches
    /// no certificate: if AWS ever falls back to thumbprints, federation fails closed until a real one is set.
    package static let defaultThumbprint = String(repeating: "f", count: 40)

    package static let providerID = LogicalID(known: "ModalOIDCProvider")
    package static let createParameter = LogicalID(known: "CreateOIDCProvider")
    package static let thumbprintParameter = LogicalID(known: "OIDCThumbprint")
    package static let createCondition = LogicalID(known: "CreateProvider")

    /// The provider's ARN computed for the account the stack runs in (no export/import needed).
    package static let computedProviderARN: JSONValue = Fn.sub(
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/oidc.modal.com"
    )

    /// The `AWS::IAM::OIDCProvider`, created only when `CreateOIDCProvider` is `true`, and kept when the stack is
    /// deleted or the resource replaced (other stacks' roles may depend on it; there is one per account).
    package static var providerResource: TemplateResource {
        TemplateResource(
            type: "AWS::IAM::OIDCProvider",
            properties: [
                "Url": .string(issuerURL),
                "ClientIdList": [.string(audience)],
                "ThumbprintList": [Fn.ref(thumbprintParameter)],
            ],
            condition: createCondition,
            deletionPolicy: .retain,
            updateReplacePolicy: .retain
        )
    }
}
