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

/// Where a role template gets the provider from.
package enum ProviderMode: Sendable, Hashable {
    /// The template holds the provider behind the `CreateOIDCProvider` parameter (default `createByDefault`).
    case conditional(createByDefault: Bool)
    /// The provider exists already (for example in a bootstrap stack); its ARN is computed.
    case existing
}

extension Template {
    /// Adds the provider (or nothing, for ``ProviderMode/existing``) and returns the expression to use as the
    /// `Federated` principal: `Ref` to the provider when created (an implicit dependency), the computed ARN otherwise.
    package mutating func addModalOIDCProvider(_ mode: ProviderMode) throws(CFNError) -> JSONValue {
        guard case .conditional(let createByDefault) = mode else { return ModalOIDC.computedProviderARN }
        try add(
            parameter: TemplateParameter(
                description: "true: create the IAM OIDC provider for https://oidc.modal.com in this stack. false: use "
                    + "the provider that already exists in this account (there can be only one per account).",
                defaultValue: createByDefault ? "true" : "false",
                allowedValues: ["true", "false"]
            ),
            as: ModalOIDC.createParameter
        )
        try add(
            parameter: TemplateParameter(
                description: "Thumbprint for the provider (only used when it is created). AWS verifies oidc.modal.com "
                    + "against its trusted root CAs and uses this only as a fallback; the default matches no "
                    + "certificate, so a fallback fails closed.",
                defaultValue: ModalOIDC.defaultThumbprint,
                allowedPattern: "^[0-9A-Fa-f]{40}$",
                constraintDescription: "40 hexadecimal characters (the SHA-1 of a certificate)"
            ),
            as: ModalOIDC.thumbprintParameter
        )
        try add(
            condition: Fn.equals(Fn.ref(ModalOIDC.createParameter), "true"),
            as: ModalOIDC.createCondition
        )
        try add(resource: ModalOIDC.providerResource, as: ModalOIDC.providerID)
        let arn = Fn.if(ModalOIDC.createCondition, Fn.ref(ModalOIDC.providerID), ModalOIDC.computedProviderARN)
        try add(
            output: TemplateOutput(description: "ARN of the Modal OIDC provider (created here or already present)", value: arn),
            as: LogicalID(known: "OIDCProviderArn")
        )
        return arn
    }
}

/// `modal-bridge cfn oidc-provider`: a template holding only the provider.
package enum OIDCProviderTemplate {
    /// The provider template; `CreateOIDCProvider` defaults to `true` here (the stack exists to create it).
    package static func make() throws(CFNError) -> Template {
        var template = Template(
            description: "IAM OIDC identity provider for Modal (https://oidc.modal.com), one per AWS account. "
                + "Generated by modal-bridge cfn oidc-provider."
        )
        _ = try template.addModalOIDCProvider(.conditional(createByDefault: true))
        return template
    }
}
