package import JSON

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
            output: TemplateOutput(
                description: "ARN of the Modal OIDC provider (created here or already present)",
                value: arn
            ),
            as: LogicalID(known: "OIDCProviderArn")
        )
        return arn
    }
}
