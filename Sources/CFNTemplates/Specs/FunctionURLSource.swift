/// A validated Lambda function URL.
package struct FunctionURLSource: Sendable, Hashable {
    /// `AWS_IAM` (default: callers sign with SigV4 and need `lambda:InvokeFunctionUrl`) or `NONE` (public).
    package var authType: String

    init(_ input: FunctionURLInput) throws(CFNError) {
        switch input.auth?.value ?? "iam" {
        case "iam": authType = "AWS_IAM"
        case "none": authType = "NONE"
        default:
            let field = input.auth ?? Field("", input.name)
            throw .invalid(field.name, field.value, "must be iam (default, SigV4-signed callers) or none (public)")
        }
    }
}
