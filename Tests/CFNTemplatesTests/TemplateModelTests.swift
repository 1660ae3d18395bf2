import CFNTemplates
import JSON
import Testing

@Suite("Template model and rendering")
struct TemplateModelTests {
    @Test func renderingIsSortedPrettyUnescapedAndNewlineTerminated() throws {
        var template = Template(description: "d")
        try template.add(
            resource: TemplateResource(type: "AWS::SNS::Topic", properties: ["TopicName": "a/b", "DisplayName": "x"]),
            as: try LogicalID("Zeta")
        )
        try template.add(
            resource: TemplateResource(type: "AWS::SNS::Topic", properties: [:]),
            as: try LogicalID("Alpha")
        )
        let text = String(decoding: template.rendered(), as: UTF8.self)
        #expect(
            text == """
                {
                  "AWSTemplateFormatVersion": "2010-09-09",
                  "Description": "d",
                  "Resources": {
                    "Alpha": {
                      "Type": "AWS::SNS::Topic"
                    },
                    "Zeta": {
                      "Properties": {
                        "DisplayName": "x",
                        "TopicName": "a/b"
                      },
                      "Type": "AWS::SNS::Topic"
                    }
                  }
                }

                """
        )
    }

    @Test func renderingIsDeterministic() throws {
        let spec = try Inputs.roleSpec(function: ["bar", "baz"])
        let first = try RoleTemplate.make(spec, provider: .conditional(createByDefault: false)).rendered()
        let second = try RoleTemplate.make(spec, provider: .conditional(createByDefault: false)).rendered()
        #expect(first == second)
    }

    @Test(arguments: ["My-Role", "my_role", "", "rôle", String(repeating: "a", count: 256)])
    func logicalIDsAreAlphanumeric(_ candidate: String) {
        let error = cfnError { _ = try LogicalID(candidate, field: "--id") }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("--id: ") == true)
        #expect(error?.message.contains("CloudFormation logical id") == true)
    }

    @Test(arguments: [
        ("make_thumbnail", "MakeThumbnail"), ("Model.*", "Model"), ("Model.predict", "ModelPredict"), ("x1", "X1"),
    ])
    func derivedLogicalIDs(name: String, id: String) {
        #expect(LogicalID.derived(from: name)?.value == id)
    }

    @Test func duplicateLogicalIDsAreRefused() throws {
        var template = Template(description: "d")
        try template.add(parameter: TemplateParameter(description: "p"), as: try LogicalID("Name"))
        let error = cfnError {
            try template.add(
                resource: TemplateResource(type: "AWS::SNS::Topic", properties: [:]),
                as: try LogicalID("Name")
            )
        }
        #expect(error?.message == "logical id: 'Name' is used twice in the template (logical ids must be unique)")
    }

    @Test func subTextEscapesLiteralPolicyVariables() {
        var text: SubText = "arn:${AWS::Partition}:s3:::"
        text.append(literal: "bucket/Model.${*}/${?}")
        #expect(text.template == "arn:${AWS::Partition}:s3:::bucket/Model.${!*}/${!?}")
        #expect(Fn.sub(SubText.literal("a${*}")).serializedString() == #"{"Fn::Sub":"a${!*}"}"#)
    }

    @Test func inlineBodyLimitIsChecked() throws {
        var template = Template(description: String(repeating: "d", count: 1_000))
        for index in 0..<400 {
            try template.add(
                resource: TemplateResource(
                    type: "AWS::SNS::Topic",
                    properties: ["DisplayName": .string(String(repeating: "x", count: 100))]
                ),
                as: try LogicalID("Topic\(index)")
            )
        }
        let error = cfnError { _ = try template.renderChecked() }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("over the 51200-byte limit for an inline template body") == true)
        #expect(error?.message.contains("--s3-bucket") == true)
        let bytes = try template.renderChecked(maxBodyBytes: Template.Limits.s3BodyBytes)
        #expect(bytes.count > Template.Limits.inlineBodyBytes)
    }

    @Test func resourceCountLimitIsChecked() throws {
        var template = Template(description: "d")
        for index in 0...Template.Limits.resources {
            try template.add(
                resource: TemplateResource(type: "AWS::SNS::Topic", properties: [:]),
                as: try LogicalID("T\(index)")
            )
        }
        let error = cfnError { _ = try template.renderChecked(maxBodyBytes: Template.Limits.s3BodyBytes) }
        #expect(error?.message == "template: has 501 resources, over CloudFormation's limit of 500")
    }

    @Test func providerTemplate() throws {
        let template = try OIDCProviderTemplate.make().json
        let provider = try #require(template[path: "Resources", "ModalOIDCProvider"])
        #expect(provider["Type"] == "AWS::IAM::OIDCProvider")
        #expect(provider[path: "Properties", "Url"] == "https://oidc.modal.com")
        #expect(provider[path: "Properties", "ClientIdList"] == ["oidc.modal.com"])
        #expect(provider[path: "Properties", "ThumbprintList"] == [["Ref": "OIDCThumbprint"]])
        #expect(provider["Condition"] == "CreateProvider")
        #expect(provider["DeletionPolicy"] == "Retain")
        #expect(provider["UpdateReplacePolicy"] == "Retain")
        // With CreateOIDCProvider=false the provider is conditioned out; the no-op handle keeps the stack valid.
        #expect(
            template[path: "Resources", "Placeholder"] == ["Type": "AWS::CloudFormation::WaitConditionHandle"]
        )
        #expect(template[path: "Parameters", "CreateOIDCProvider", "Default"] == "true")
        #expect(template[path: "Parameters", "OIDCThumbprint", "Default"] == .string(String(repeating: "f", count: 40)))
        #expect(
            template[path: "Conditions", "CreateProvider"] == ["Fn::Equals": [["Ref": "CreateOIDCProvider"], "true"]]
        )
        #expect(template[path: "Outputs", "OIDCProviderArn", "Value", "Fn::If"]?[1] == ["Ref": "ModalOIDCProvider"])
    }
}

/// CloudFormation refuses a stack whose every resource is conditioned out: no template of the generator is one.
@Suite("Templates keep an unconditioned resource")
struct UnconditionedResourceTests {
    @Test func everyTemplateHasAResourceWithoutCondition() throws {
        for (name, template) in try TemplateCatalog.all() {
            #expect(
                template.resources.values.contains { $0.condition == nil },
                "\(name): every resource has a Condition"
            )
        }
    }
}
