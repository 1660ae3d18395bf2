package import JSON

/// The checks no linter makes on a Modal trust policy (reference §6.5), run on every role before it is written.
package enum TrustPolicyAudit {
    /// IAM's default quota for a role trust policy, counted without whitespace.
    package static let defaultMaxLength = 2_048
    /// The provider ARN used to measure a policy whose principal is an intrinsic: the longest partition name.
    package static let worstCaseProviderARN = "arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.modal.com"

    /// The length IAM counts: the minified policy, with an intrinsic principal replaced by ``worstCaseProviderARN``.
    package static func resolvedLength(_ document: JSONValue) -> Int {
        resolved(document).serialized(.compact).count
    }

    /// Checks `document` against the rules below; `field` names the role in errors.
    ///
    /// Version `2012-10-17`; every statement allows exactly `sts:AssumeRoleWithWebIdentity` to a `Federated`
    /// principal; `StringEquals` pins `oidc.modal.com:aud` to `oidc.modal.com`; `StringLike` lists
    /// `oidc.modal.com:sub` values that all start with `modal:workspace_id:W:` and have no wildcard but the final `*`;
    /// no other operator or `oidc.modal.com` key is used; and the resolved length fits `maxLength`.
    package static func check(
        _ document: JSONValue,
        workspace: ModalWorkspaceID,
        maxLength: Int = defaultMaxLength,
        field: String
    ) throws(CFNError) {
        guard document["Version"]?.stringValue == PolicyDocument.version else {
            throw .unsafeTrust(
                field,
                "the trust policy Version must be 2012-10-17 (older versions read ${*} literally)"
            )
        }
        guard let statements = document["Statement"]?.arrayValue, !statements.isEmpty else {
            throw .unsafeTrust(field, "the trust policy has no statements")
        }
        for statement in statements {
            try checkStatement(statement, workspace: workspace, field: field)
        }
        let length = resolvedLength(document)
        if length > maxLength {
            throw .limit(
                field,
                "the trust policy is \(length) characters minified, over the limit of \(maxLength) (IAM's default "
                    + "quota is \(defaultMaxLength)); use fewer functions per role, or raise the quota (Service Quotas "
                    + "L-C07B4B0D) and the limit together"
            )
        }
    }

    private static func checkStatement(
        _ statement: JSONValue,
        workspace: ModalWorkspaceID,
        field: String
    ) throws(CFNError) {
        guard statement["Effect"]?.stringValue == "Allow" else {
            throw .unsafeTrust(field, "every trust statement must have Effect Allow")
        }
        let actions = strings(statement["Action"])
        guard actions == [ModalOIDC.assumeAction] else {
            throw .unsafeTrust(field, "the only action allowed is \(ModalOIDC.assumeAction) (got \(actions))")
        }
        guard let principal = statement["Principal"]?.objectValue, principal.keys == ["Federated"],
            let federated = principal["Federated"]
        else {
            throw .unsafeTrust(field, "the principal must be exactly {\"Federated\": the Modal OIDC provider}")
        }
        if let arn = federated.stringValue, !arn.hasSuffix(":oidc-provider/oidc.modal.com") {
            throw .unsafeTrust(field, "the Federated principal must be the oidc.modal.com provider (got '\(arn)')")
        }
        guard let condition = statement["Condition"]?.objectValue else {
            throw .unsafeTrust(field, "the trust policy has no Condition: any Modal user could assume the role")
        }
        for (operatorName, keys) in condition {
            guard operatorName == "StringEquals" || operatorName == "StringLike" else {
                throw .unsafeTrust(
                    field,
                    "condition operator '\(operatorName)' is not allowed (IfExists, ForAllValues, ForAnyValue and "
                        + "negated operators can pass when a key is absent); use StringEquals and StringLike"
                )
            }
            for key in keys.objectValue?.keys ?? [] where key != ModalOIDC.audienceKey && key != ModalOIDC.subjectKey {
                throw .unsafeTrust(
                    field,
                    "condition key '\(key)' is not allowed: IAM matches only aud and sub of oidc.modal.com"
                )
            }
        }
        guard strings(condition["StringEquals"]?[ModalOIDC.audienceKey]) == [ModalOIDC.audience] else {
            throw .unsafeTrust(
                field,
                "StringEquals must pin \(ModalOIDC.audienceKey) to exactly '\(ModalOIDC.audience)'"
            )
        }
        let subjects = strings(condition["StringLike"]?[ModalOIDC.subjectKey])
        guard !subjects.isEmpty else {
            throw .unsafeTrust(
                field,
                "StringLike on \(ModalOIDC.subjectKey) is missing: the audience alone lets every Modal customer in"
            )
        }
        let prefix = "modal:workspace_id:\(workspace.value):"
        for subject in subjects {
            guard subject.hasPrefix(prefix) else {
                throw .unsafeTrust(
                    field,
                    "sub pattern '\(subject)' is not pinned to the workspace (must start with '\(prefix)')"
                )
            }
            guard hasOnlyTrailingWildcard(subject) else {
                throw .unsafeTrust(
                    field,
                    "sub pattern '\(subject)' has a wildcard before its end (only the final '*' may be one; literal "
                        + "'*', '?' and '$' are written ${*}, ${?} and ${$})"
                )
            }
        }
    }

    /// The values of a string-or-list-of-strings field; `[]` when absent or of another type.
    private static func strings(_ value: JSONValue?) -> [String] {
        if let string = value?.stringValue { return [string] }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// True when, after the `${*}` `${?}` `${$}` escapes, the only `*` or `?` is a final `*`, and no other `${` occurs.
    private static func hasOnlyTrailingWildcard(_ pattern: String) -> Bool {
        var rest = Substring(pattern)
        while let first = rest.first {
            if rest.hasPrefix("${") {
                guard rest.hasPrefix("${*}") || rest.hasPrefix("${?}") || rest.hasPrefix("${$}") else { return false }
                rest = rest.dropFirst(4)
                continue
            }
            if first == "*" { return rest.count == 1 }
            if first == "?" || first == "$" { return false }
            rest = rest.dropFirst()
        }
        return true
    }

    private static func resolved(_ document: JSONValue) -> JSONValue {
        guard var object = document.objectValue, let statements = object["Statement"]?.arrayValue else {
            return document
        }
        object["Statement"] = .array(
            statements.map { statement in
                guard var body = statement.objectValue, var principal = body["Principal"]?.objectValue,
                    let federated = principal["Federated"], federated.stringValue == nil
                else { return statement }
                principal["Federated"] = .string(worstCaseProviderARN)
                body["Principal"] = .object(principal)
                return .object(body)
            }
        )
        return .object(object)
    }
}
