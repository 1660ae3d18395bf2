import CFNTemplates
import Foundation
import JSON
import Testing

@Suite("Trust policy")
struct TrustPolicyTests {
    @Test func exactDocumentWithExistingProvider() throws {
        let spec = try Inputs.roleSpec(function: ["bar", "Model.*"])
        let expected = try JSONValue.parse(
            """
            {"Version": "2012-10-17", "Statement": [{
              "Sid": "ModalOIDC", "Effect": "Allow",
              "Principal": {"Federated": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/oidc.modal.com"}},
              "Action": "sts:AssumeRoleWithWebIdentity",
              "Condition": {
                "StringEquals": {"oidc.modal.com:aud": "oidc.modal.com"},
                "StringLike": {"oidc.modal.com:sub": [
                  "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:bar:container_id:*",
                  "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:Model.${*}:container_id:*"]}}}]}
            """
        )
        let template = try RoleTemplate.make(spec, provider: .existing).json
        let trust = try #require(template[path: "Resources", "ModalRole", "Properties", "AssumeRolePolicyDocument"])
        #expect(trust.serializedString(.prettySorted) == expected.serializedString(.prettySorted))
        #expect(template["Parameters"] == nil)
        #expect(template[path: "Resources", "ModalOIDCProvider"] == nil)
    }

    @Test func conditionalProviderIsReferencedThroughFnIf() throws {
        let template = try RoleTemplate.make(try Inputs.roleSpec(), provider: .conditional(createByDefault: false)).json
        let federated = template[path: "Resources", "ModalRole", "Properties", "AssumeRolePolicyDocument"]?[
            "Statement"
        ]?[0]?[
            path: "Principal",
            "Federated"
        ]
        #expect(
            federated?.serializedString()
                == #"{"Fn::If":["CreateProvider",{"Ref":"ModalOIDCProvider"},{"Fn::Sub":"arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/oidc.modal.com"}]}"#
        )
        #expect(template[path: "Resources", "ModalRole", "DependsOn"] == nil)
        #expect(template[path: "Parameters", "CreateOIDCProvider", "Default"] == "false")
    }

    @Test func resolvedLengthCountsTheWorstCaseProviderARN() throws {
        let spec = try Inputs.roleSpec()
        let policy = spec.trustPolicy(provider: ModalOIDC.computedProviderARN)
        var resolved = try #require(policy.objectValue)
        var statement = try #require(policy["Statement"]?[0]?.objectValue)
        statement["Principal"] = ["Federated": .string(TrustPolicyAudit.worstCaseProviderARN)]
        resolved["Statement"] = [.object(statement)]
        #expect(TrustPolicyAudit.resolvedLength(policy) == JSONValue.object(resolved).serialized().count)
        #expect(TrustPolicyAudit.resolvedLength(policy) < 450)
    }

    @Test func quotaIsEnforcedAndConfigurable() throws {
        // With 64-character environment, app and function names, about six values fit the default quota.
        let long = (0..<10).map { "f\($0)" + String(repeating: "x", count: 62) }
        let env = String(repeating: "e", count: 64)
        let app = String(repeating: "a", count: 64)
        var accepted = 0
        var rejected = 0
        for count in 1...long.count {
            let spec = try Inputs.roleSpec(environment: [env], app: [app], function: Array(long.prefix(count)))
            let length = TrustPolicyAudit.resolvedLength(spec.trustPolicy(provider: ModalOIDC.computedProviderARN))
            let error = cfnError { _ = try spec.resource(provider: ModalOIDC.computedProviderARN) }
            if length <= 2_048 {
                #expect(error == nil)
                accepted += 1
            } else {
                #expect(error?.code == .limitExceeded)
                #expect(
                    error?.message == "role: the trust policy is \(length) characters minified, over the limit of 2048 "
                        + "(IAM's default quota is 2048); use fewer functions per role, or raise the quota (Service Quotas "
                        + "L-C07B4B0D) and the limit together"
                )
                rejected += 1
            }
        }
        #expect(accepted >= 5 && rejected >= 3)
        let raised = try Inputs.roleSpec(environment: [env], app: [app], function: long) {
            $0.maxTrustPolicyLength = Field(4_096, "--max-trust-policy-length")
        }
        _ = try raised.resource(provider: ModalOIDC.computedProviderARN)
        let lowered = try Inputs.roleSpec { $0.maxTrustPolicyLength = Field(300, "--max-trust-policy-length") }
        #expect(cfnError { _ = try lowered.resource(provider: ModalOIDC.computedProviderARN) }?.code == .limitExceeded)
        let outOfRange = cfnError {
            _ = try Inputs.roleSpec { $0.maxTrustPolicyLength = Field(9_000, "--max-trust-policy-length") }
        }
        #expect(outOfRange?.message.hasPrefix("--max-trust-policy-length: '9000' must be between 256 and 8192") == true)
    }

    static let good = #"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.modal.com"},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {"StringEquals": {"oidc.modal.com:aud": "oidc.modal.com"},
                        "StringLike": {"oidc.modal.com:sub": "modal:workspace_id:ac-1:environment_name:main:app_name:*"}}}]}
        """#

    @Test func auditAcceptsAWellFormedPolicy() throws {
        try TrustPolicyAudit.check(
            try .parse(Self.good),
            workspace: try ModalWorkspaceID(Field("ac-1", "w")),
            field: "role"
        )
    }

    /// Policies no linter rejects (reference §6.5) that the audit must.
    @Test(
        arguments: [
            (#""Version": "2012-10-17""#, #""Version": "2008-10-17""#, "Version must be 2012-10-17"),
            (#""Action": "sts:AssumeRoleWithWebIdentity""#, #""Action": "sts:AssumeRole""#, "the only action allowed"),
            (
                #""Action": "sts:AssumeRoleWithWebIdentity""#,
                #""Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]"#,
                "the only action allowed"
            ),
            (#""Effect": "Allow""#, #""Effect": "Deny""#, "Effect Allow"),
            (
                #""Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.modal.com""#,
                #""Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com""#,
                "must be the oidc.modal.com provider"
            ),
            (#"{"Federated""#, #"{"AWS": "*", "Federated""#, "the principal must be exactly"),
            (
                #""oidc.modal.com:aud": "oidc.modal.com""#, #""oidc.modal.com:aud": "sts.amazonaws.com""#,
                "must pin oidc.modal.com:aud"
            ),
            (
                #""StringEquals""#, #""StringEqualsIfExists""#,
                "condition operator 'StringEqualsIfExists' is not allowed"
            ),
            (
                #""StringLike""#, #""ForAllValues:StringLike""#,
                "condition operator 'ForAllValues:StringLike' is not allowed"
            ),
            (#""StringLike""#, #""StringNotLike""#, "condition operator 'StringNotLike' is not allowed"),
            (
                #""oidc.modal.com:sub": "#, #""oidc.modal.com:app_name": "#,
                "condition key 'oidc.modal.com:app_name' is not allowed"
            ),
            (
                #""StringLike": {"oidc.modal.com:sub": "modal:workspace_id:ac-1:environment_name:main:app_name:*"}"#,
                #""StringLike": {}"#, "the audience alone lets every Modal customer in"
            ),
            (
                #""modal:workspace_id:ac-1:environment_name:main:app_name:*""#, #""modal:*""#,
                "is not pinned to the workspace"
            ),
            (
                #""modal:workspace_id:ac-1:environment_name:main:app_name:*""#, #""modal:workspace_id:ac-2:*""#,
                "is not pinned to the workspace"
            ),
            (
                #""modal:workspace_id:ac-1:environment_name:main:app_name:*""#,
                #""modal:workspace_id:ac-1:environment_name:*:app_name:foo:*""#, "has a wildcard before its end"
            ),
            (
                #""modal:workspace_id:ac-1:environment_name:main:app_name:*""#,
                #""modal:workspace_id:ac-1:environment_name:ma?n:app_name:*""#, "has a wildcard before its end"
            ),
            (
                #""modal:workspace_id:ac-1:environment_name:main:app_name:*""#,
                #""modal:workspace_id:ac-1:environment_name:${aws:username}:*""#, "has a wildcard before its end"
            ),
        ]
    )
    func auditRejects(original: String, replacement: String, rule: String) throws {
        let text = Self.good.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.good)
        let error = cfnError {
            try TrustPolicyAudit.check(
                try .parse(text),
                workspace: try ModalWorkspaceID(Field("ac-1", "w")),
                field: "role"
            )
        }
        #expect(error?.code == .unsafeTrustPolicy)
        #expect(error?.message.hasPrefix("role: ") == true)
        #expect(error?.message.contains(rule) == true, "\(error?.message ?? "no error")")
    }

    @Test func auditRejectsAPolicyWithoutCondition() throws {
        let text = Self.good.replacingOccurrences(of: #""Condition": {"#, with: #""NoCondition": {"#)
        let error = cfnError {
            try TrustPolicyAudit.check(
                try .parse(text),
                workspace: try ModalWorkspaceID(Field("ac-1", "w")),
                field: "role"
            )
        }
        #expect(error?.message.contains("has no Condition") == true)
    }
}
