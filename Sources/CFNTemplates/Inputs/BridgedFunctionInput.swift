package import JSON

/// One bridged function: the Lambda that forwards events, its event sources, and the Modal-side role.
package struct BridgedFunctionInput: Sendable {
    /// The base of the function's logical ids (default: derived from the Modal function name).
    package var id: Field<String>?
    package var idName = "--id"
    package var app: Field<String>?
    package var appName = "--app"
    package var function: Field<String>?
    package var functionName = "--function"
    package var environment: Field<String>?
    package var environmentName = "--environment"
    package var integrationPattern: Field<String>?
    package var dispatchMode: Field<String>?
    /// A JSON object passed to the bridge as `PARAMETERS`.
    package var parameters: Field<JSONValue>?
    package var memorySize: Field<Int>?
    package var timeout: Field<Int>?
    package var architecture: Field<String>?
    package var lambdaFunctionName: Field<String>?
    package var sqs: SQSInput?
    package var s3: S3EventInput?
    package var sns: SNSInput?
    package var kinesis: StreamInput?
    package var dynamodb: StreamInput?
    package var httpRoutes = FieldList.flag("--http-route", [])
    package var schedule: Field<String>?
    package var functionURL: FunctionURLInput?
    package var async: AsyncInput?
    package var reservedConcurrency: Field<Int>?
    /// Options of the Modal-side role; its workspace, environment and app come from the function.
    package var modalRole = ModalRoleInput()
    /// The name errors about the Modal role as a whole use.
    package var modalRoleName = "modal role"
    /// The name errors about this function as a whole use.
    package var name = "function"

    package init() {}
}
