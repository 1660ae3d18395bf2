package import JSON

/// The trust policy of a Modal role: `sts:AssumeRoleWithWebIdentity` from the Modal OIDC provider, with the audience
/// pinned by `StringEquals` and the subject by `StringLike` over the patterns of ``ModalSubjects``.
package enum ModalTrustPolicy {
    /// The policy document; `provider` is the `Federated` principal (an ARN or an intrinsic resolving to one).
    package static func document(subjects: ModalSubjects, provider: JSONValue) -> PolicyDocument {
        PolicyDocument([
            PolicyStatement(
                sid: "ModalOIDC",
                principal: ["Federated": provider],
                actions: [ModalOIDC.assumeAction],
                condition: [
                    "StringEquals": [ModalOIDC.audienceKey: .string(ModalOIDC.audience)],
                    "StringLike": [ModalOIDC.subjectKey: .array(subjects.subPatterns.map { .string($0) })],
                ]
            )
        ])
    }
}
