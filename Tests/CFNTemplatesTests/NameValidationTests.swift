import CFNTemplates
import Testing

/// Every invalid name gets an error that names the field and the rule.
@Suite("Modal name validation")
struct NameValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var flag: String
        var value: String
        var rule: String
        var testDescription: String { "\(flag) '\(value)'" }
    }

    static let cases: [Case] = [
        Case(flag: "--workspace", value: "ws-abc123", rule: ModalNameRules.workspacePattern),
        Case(flag: "--workspace", value: "ac-", rule: ModalNameRules.workspacePattern),
        Case(flag: "--workspace", value: "ac-ab_c", rule: ModalNameRules.workspacePattern),
        Case(flag: "--workspace", value: "ac-1:x", rule: ModalNameRules.colonRule),
        Case(flag: "--workspace", value: "ac-*", rule: ModalNameRules.wildcardRule),
        Case(flag: "--environment", value: "main:app_name:foo", rule: ModalNameRules.colonRule),
        Case(flag: "--environment", value: "_", rule: ModalNameRules.environmentPattern),
        Case(flag: "--environment", value: "-main", rule: ModalNameRules.environmentPattern),
        Case(flag: "--environment", value: "en-123", rule: "must not start with 'en-'"),
        Case(flag: "--environment", value: "EN-prod", rule: "must not start with 'en-'"),
        Case(flag: "--environment", value: String(repeating: "e", count: 65), rule: ModalNameRules.environmentPattern),
        Case(flag: "--environment", value: "ma in", rule: ModalNameRules.whitespaceRule),
        Case(flag: "--app", value: "foo:function_name:bar", rule: ModalNameRules.colonRule),
        Case(flag: "--app", value: "*", rule: ModalNameRules.wildcardRule),
        Case(flag: "--app", value: "fo?", rule: ModalNameRules.wildcardRule),
        Case(flag: "--app", value: "foo$", rule: ModalNameRules.variableRule),
        Case(flag: "--app", value: "${aws:username}", rule: ModalNameRules.variableRule),
        Case(flag: "--app", value: "foo}", rule: ModalNameRules.variableRule),
        Case(flag: "--app", value: "foo bar", rule: ModalNameRules.whitespaceRule),
        Case(flag: "--app", value: "foo\tbar", rule: ModalNameRules.whitespaceRule),
        Case(flag: "--app", value: "foo\u{1}", rule: ModalNameRules.latin1Rule),
        Case(flag: "--app", value: "fooΩ", rule: ModalNameRules.latin1Rule),
        Case(flag: "--app", value: "café", rule: ModalNameRules.appPattern),
        Case(flag: "--app", value: "foo@bar", rule: ModalNameRules.appPattern),
        Case(flag: "--app", value: "", rule: ModalNameRules.emptyRule),
        Case(flag: "--app", value: String(repeating: "a", count: 65), rule: ModalNameRules.appPattern),
        Case(flag: "--app", value: "ap-" + String(repeating: "x", count: 22), rule: "must not look like an app id"),
        Case(flag: "--function", value: "bar:x", rule: ModalNameRules.colonRule),
        Case(flag: "--function", value: "*", rule: ModalNameRules.classSuffixRule),
        Case(flag: "--function", value: "Cls.*x", rule: ModalNameRules.classSuffixRule),
        Case(flag: "--function", value: "Cls*", rule: ModalNameRules.classSuffixRule),
        Case(flag: "--function", value: "b?r", rule: ModalNameRules.wildcardRule),
        Case(flag: "--function", value: "1bar", rule: ModalNameRules.functionPattern),
        Case(flag: "--function", value: "a.b.c", rule: ModalNameRules.functionPattern),
        Case(flag: "--function", value: "a-b", rule: ModalNameRules.functionPattern),
        Case(flag: "--function", value: ".*", rule: ModalNameRules.functionPattern),
        Case(flag: "--function", value: "naïve", rule: ModalNameRules.functionPattern),
        Case(flag: "--function", value: "函数", rule: ModalNameRules.latin1Rule),
    ]

    @Test(arguments: cases)
    func invalidNameIsRejectedWithFieldAndRule(_ testCase: Case) {
        let error = cfnError {
            _ = try Inputs.roleSpec(
                workspace: testCase.flag == "--workspace" ? testCase.value : "ac-1",
                environment: [testCase.flag == "--environment" ? testCase.value : "main"],
                app: [testCase.flag == "--app" ? testCase.value : "foo"],
                function: [testCase.flag == "--function" ? testCase.value : "bar"]
            )
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.errorType == "CFN.InvalidValue")
        #expect(error?.message.hasPrefix("\(testCase.flag): ") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains(testCase.rule) == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            ("ac-1", "main", "foo", "bar"), ("ac-AbC123", "prod-eu.1", "my_app.v2-x", "Model.*"),
            ("ac-1", "m1", "A", "Model.*"), ("ac-1", "main", "ap-short", "_private"),
            ("ac-1", String(repeating: "e", count: 64), String(repeating: "a", count: 64), "f"),
        ]
    )
    func validNamesAreAccepted(workspace: String, environment: String, app: String, function: String) throws {
        let spec = try Inputs.roleSpec(
            workspace: workspace,
            environment: [environment],
            app: [app],
            function: [function]
        )
        #expect(spec.subjects.functions.map(\.value) == [function])
    }

    @Test func escapesForStringLike() {
        #expect(ModalNameRules.escapedForStringLike("a*b?c$d") == "a${*}b${?}c${$}d")
    }

    @Test func workspaceIsRequired() {
        let error = cfnError { _ = try Inputs.roleSpec(workspace: nil) }
        #expect(error?.code == .missingValue)
        #expect(error?.message.hasPrefix("--workspace: missing") == true)
        #expect(error?.message.contains("every Modal customer") == true)
    }

    @Test func configFieldNamesAreReported() {
        let config = #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": ["bar", "b:x"]}"#
        let error = cfnError {
            let (input, _) = try ConfigFile.role(Array(config.utf8))
            _ = try ModalRoleSpec(input)
        }
        #expect(error?.message.hasPrefix("function[1]: 'b:x' must not contain ':'") == true, "\(error?.message ?? "")")
    }
}
