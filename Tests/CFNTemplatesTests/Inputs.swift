import CFNTemplates
import JSON

/// Builders for generator inputs, named like the CLI flags.
enum Inputs {
    /// A role input from flag-like arguments.
    static func role(
        scope: String? = nil,
        workspace: String? = "ac-1",
        environment: [String] = ["main"],
        app: [String] = ["foo"],
        function: [String] = ["bar"],
        configure: (inout ModalRoleInput) -> Void = { _ in }
    ) -> ModalRoleInput {
        var input = ModalRoleInput()
        input.scope = scope.map { Field($0, "--scope") }
        input.workspace = workspace.map { Field($0, "--workspace") }
        input.environments = .flag("--environment", environment)
        input.apps = .flag("--app", app)
        input.functions = .flag("--function", function)
        configure(&input)
        return input
    }

    /// A validated role spec.
    static func roleSpec(
        scope: String? = nil,
        workspace: String? = "ac-1",
        environment: [String] = ["main"],
        app: [String] = ["foo"],
        function: [String] = ["bar"],
        configure: (inout ModalRoleInput) -> Void = { _ in }
    ) throws -> ModalRoleSpec {
        try ModalRoleSpec(
            role(
                scope: scope,
                workspace: workspace,
                environment: environment,
                app: app,
                function: function,
                configure: configure
            )
        )
    }

    /// A stack input with one function (`foo`/`bar` in `main` of `ac-1`), adjusted by `configure`.
    static func stack(configure: (inout StackInput, inout BridgedFunctionInput) -> Void = { _, _ in }) -> StackInput {
        var input = StackInput()
        input.workspace = Field("ac-1", "--workspace")
        input.environment = Field("main", "--environment")
        var function = BridgedFunctionInput()
        function.app = Field("foo", "--app")
        function.function = Field("bar", "--function")
        configure(&input, &function)
        input.functions = [function]
        return input
    }

    /// The template of a stack input, as JSON.
    static func stackJSON(_ input: StackInput) throws -> JSONValue {
        try StackTemplate.make(try StackSpec(input)).json
    }
}

extension JSONValue {
    /// The value at a path of object keys.
    subscript(path keys: String...) -> JSONValue? {
        var value: JSONValue? = self
        for key in keys { value = value?[key] }
        return value
    }

    /// Parses JSON text written in a test.
    static func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }
}

/// Runs `body` and returns the generator error it throws (`nil` when it does not throw).
func cfnError(_ body: () throws -> Void) -> CFNError? {
    do {
        try body()
        return nil
    } catch let error as CFNError {
        return error
    } catch {
        return CFNError(code: .invalidValue, message: "unexpected error \(error)")
    }
}
