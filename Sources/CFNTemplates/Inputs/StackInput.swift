/// The raw description of a bridge stack, from flags (one function) or a configuration file (one or more).
package struct StackInput: Sendable {
    package var description: Field<String>?
    package var workspace: Field<String>?
    package var workspaceName = "--workspace"
    /// The Modal environment of every function that does not name its own.
    package var environment: Field<String>?
    package var codeBucket: Field<String>?
    package var codeKey: Field<String>?
    package var secretName: Field<String>?
    package var secretARN: Field<String>?
    package var kmsKeyARN: Field<String>?
    package var logRetentionDays: Field<Int>?
    package var existingProvider = false
    /// Leave the account out of the `Rules` on external ARNs (their resource policies grant this account).
    package var allowCrossAccount = false
    package var maxTrustPolicyLength: Field<Int>?
    package var httpAPI = HTTPAPIInput()
    /// The name errors about the HTTP API options as a whole use.
    package var httpAPIName = "--http-auth"
    /// CloudWatch alarms on every function (`nil`: none).
    package var alarms: AlarmsInput?
    package var functions: [BridgedFunctionInput] = []
    package var functionsName = "functions"

    package init() {}
}
