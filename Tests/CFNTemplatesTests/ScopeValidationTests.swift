import CFNTemplates
import Testing

@Suite("Scope rules")
struct ScopeValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scope: String?
        var environment: [String]
        var app: [String]
        var function: [String]
        var code: CFNError.Code
        var message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(
            scope: nil,
            environment: ["main"],
            app: ["foo"],
            function: [],
            code: .missingValue,
            message: "--function: missing; scope 'function' needs at least one function"
        ),
        Case(
            scope: nil,
            environment: ["main"],
            app: [],
            function: ["bar"],
            code: .missingValue,
            message: "--app: missing; scope 'function' needs the app"
        ),
        Case(
            scope: nil,
            environment: [],
            app: ["foo"],
            function: ["bar"],
            code: .missingValue,
            message: "--environment: missing; scope 'function' needs the environment"
        ),
        Case(
            scope: nil,
            environment: ["main"],
            app: ["foo", "zed"],
            function: ["bar"],
            code: .conflictingValue,
            message: "--app: give exactly one app for scope 'function'"
        ),
        Case(
            scope: nil,
            environment: ["main"],
            app: ["foo"],
            function: ["bar", "bar"],
            code: .conflictingValue,
            message: "--function: 'bar' is given twice"
        ),
        Case(
            scope: "app",
            environment: ["main"],
            app: ["foo"],
            function: ["bar"],
            code: .conflictingValue,
            message: "--function: not allowed with scope 'app'"
        ),
        Case(
            scope: "environment",
            environment: ["main"],
            app: ["foo"],
            function: [],
            code: .conflictingValue,
            message: "--app: not allowed with scope 'environment'"
        ),
        Case(
            scope: "workspace",
            environment: ["main"],
            app: [],
            function: [],
            code: .conflictingValue,
            message: "--environment: not allowed with scope 'workspace'"
        ),
        Case(
            scope: "account",
            environment: ["main"],
            app: ["foo"],
            function: ["bar"],
            code: .invalidValue,
            message: "--scope: 'account' must be one of workspace, environment, app, function"
        ),
    ]

    @Test(arguments: cases)
    func rejected(_ testCase: Case) {
        let error = cfnError {
            _ = try Inputs.roleSpec(
                scope: testCase.scope,
                environment: testCase.environment,
                app: testCase.app,
                function: testCase.function
            )
        }
        #expect(error?.code == testCase.code)
        #expect(error?.message.hasPrefix(testCase.message) == true, "\(error?.message ?? "no error")")
    }

    @Test func scopeOwnFieldRepeats() throws {
        let apps = try Inputs.roleSpec(scope: "app", app: ["foo", "zed"], function: []).subjects.subPatterns
        #expect(apps.count == 2)
        let environments = try Inputs.roleSpec(
            scope: "environment",
            environment: ["main", "dev"],
            app: [],
            function: []
        )
        #expect(environments.subjects.subPatterns.last == "modal:workspace_id:ac-1:environment_name:dev:app_name:*")
    }
}
