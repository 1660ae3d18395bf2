import LambdaRuntime
import Testing

/// The one rule every configuration variable is read with, and the error that names its variable.
@Suite struct EnvironmentTests {
    @Test(arguments: [
        ("value", "value"), ("  value ", "value"), ("\tvalue\n", "value"), ("va lue", "va lue"), ("\u{00A0}v\r\n", "v"),
    ])
    func surroundingWhitespaceIsDropped(raw: String, read: String) {
        #expect(Environment(["X": raw])["X"] == read)
    }

    @Test(arguments: ["", " ", "\n\t "])
    func blankIsUnset(raw: String) throws {
        let environment = Environment(["X": raw])
        #expect(environment["X"] == nil)
        let error = try #require(throws: ConfigurationError.self) { try environment.required("X", hint: " (needed)") }
        #expect(error.code == .missing)
        #expect(error.variable == "X")
        #expect(error.message == "X is not set (needed)")
    }

    @Test func firstOfSeveralNames() {
        let environment = Environment(["A": " ", "B": "b", "C": "c"])
        #expect(environment.first(of: ["A", "B", "C"])?.variable == "B")
        #expect(environment.first(of: ["A", "B", "C"])?.value == "b")
        #expect(environment.first(of: ["A", "Z"]) == nil)
    }

    @Test func typedValues() throws {
        let environment = Environment(["N": " 42 ", "BAD": "forty"])
        #expect(try environment.value("N", { Int($0) }, problem: { "is '\($0)'" }) == 42)
        #expect(try environment.value("UNSET", { Int($0) }, problem: { "is '\($0)'" }) == nil)
        let error = try #require(throws: ConfigurationError.self) {
            try environment.value("BAD", { Int($0) }, problem: { "is '\($0)'; use a number" })
        }
        #expect(error.variable == "BAD")
        #expect(error.code == .invalid)
        #expect(error.errorMessage == "BAD is 'forty'; use a number")
        #expect(error.errorType == "Config.Invalid")
    }

    @Test func theMessageIsPrefixedWithTheVariableWhenItDoesNotNameIt() {
        let error = ConfigurationError(variable: "MODAL_SERVER_URL", message: "no host")
        #expect(error.errorMessage == "MODAL_SERVER_URL: no host")
        #expect(Diagnostic(error) == Diagnostic(errorType: "Config.Invalid", errorMessage: "MODAL_SERVER_URL: no host"))
    }
}
