package import JSON

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
    package var maxTrustPolicyLength: Field<Int>?
    package var functions: [BridgedFunctionInput] = []
    package var functionsName = "functions"

    package init() {}
}

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
    package var httpRoutes = FieldList.flag("--http-route", [])
    package var schedule: Field<String>?
    /// Options of the Modal-side role; its workspace, environment and app come from the function.
    package var modalRole = ModalRoleInput()
    /// The name errors about the Modal role as a whole use.
    package var modalRoleName = "modal role"
    /// The name errors about this function as a whole use.
    package var name = "function"

    package init() {}
}

/// An SQS event source: a new queue (with a dead-letter queue) unless `queueARN` names an existing one.
package struct SQSInput: Sendable {
    package var name: String
    package var queueARN: Field<String>?
    package var batchSize: Field<Int>?
    package var maximumBatchingWindow: Field<Int>?
    package var maxReceiveCount: Field<Int>?

    package init(name: String) { self.name = name }
}

/// An S3 event source: a new bucket whose notifications invoke the function.
package struct S3EventInput: Sendable {
    package var name: String
    package var bucketName: Field<String>?
    package var events: FieldList
    package var prefix: Field<String>?
    package var suffix: Field<String>?
    /// What the Modal role may do in the bucket: `read` (default), `read-write` or `none`.
    package var modalAccess: Field<String>?

    package init(name: String, events: FieldList) {
        self.name = name
        self.events = events
    }
}

/// An SNS event source: a new topic unless `topicARN` names an existing one.
package struct SNSInput: Sendable {
    package var name: String
    package var topicARN: Field<String>?

    package init(name: String) { self.name = name }
}
