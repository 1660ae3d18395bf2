import ArgumentParser
import CFNTemplates
import JSON

/// `modal-bridge cfn stack`.
struct CFNStackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stack",
        abstract: "The whole bridge deployment: Lambda, execution role, token secret, event sources, Modal role.",
        discussion: """
            Per bridged function: a provided.al2023 Lambda running bootstrap.zip (parameters CodeBucket and CodeKey) \
            with the bridge's environment (MODAL_SECRET_ARN, MODAL_APP_NAME, MODAL_FUNCTION_NAME, \
            MODAL_ENVIRONMENT_NAME, MODAL_INTEGRATION_PATTERN, MODAL_BRIDGE_DISPATCH_MODE, PARAMETERS), its log \
            group, an execution role limited to that log group, that one secret (and --kms-key-arn) and its queue, \
            the chosen event sources (SQS with ReportBatchItemFailures, a new S3 bucket, SNS, HTTP API routes, an \
            EventBridge schedule) with their invoke permissions, and a separate Modal role that Modal assumes \
            through OIDC (never the Lambda's role). A new secret holds a placeholder: put the real token with \
            `aws secretsmanager put-secret-value` after the first deploy.

            Production switches: asynchronous sources (S3, SNS, schedules, --s3-existing-bucket through EventBridge) \
            get an EventInvokeConfig whose failed events go to a queue the stack creates (or --async-on-failure-arn); \
            --reserved-concurrency and --sqs-maximum-concurrency cap cost; HTTP routes need SigV4 (--http-auth iam) \
            unless --http-auth jwt|none; --function-url is AWS_IAM unless --function-url-auth none; --sqs-fifo \
            creates FIFO queues; --kinesis-stream-arn / --dynamodb-stream-arn add an event source mapping with \
            ReportBatchItemFailures, bounded retries and an on-failure destination (record mode by default); \
            --alarms adds CloudWatch alarms on each Lambda's errors, the visible messages of every dead-letter and \
            failure queue the stack creates, and the bridge's RecordsFailed metric (turning its EMF metrics on), \
            notifying a created SNS topic (--alarm-email) or --alarm-topic-arn. External ARNs get CloudFormation \
            Rules on their partition, account and region.

            Flags describe one function; --config FILE describes one or more (see docs/cloudformation.md for \
            the format) and cannot be combined with them.
            """
    )

    @Option(help: ArgumentHelp("Read the stack from a JSON configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Template description.", valueName: "text"))
    var description: String?

    @Option(help: ArgumentHelp("Modal workspace id (ac-…).", valueName: "id"))
    var workspace: String?

    @Option(help: ArgumentHelp("Modal environment of the function.", valueName: "name"))
    var environment: String?

    @Option(help: ArgumentHelp("Modal app of the function.", valueName: "name"))
    var app: String?

    @Option(help: ArgumentHelp("Modal function the Lambda calls.", valueName: "name"))
    var function: String?

    @Option(help: ArgumentHelp("Base of the logical ids (default: from the function name).", valueName: "id"))
    var id: String?

    @Option(
        help: ArgumentHelp(
            "spawn (default; returns the call id) or remote (waits for the result).",
            valueName: "pattern"
        )
    )
    var integrationPattern: String?

    @Option(
        help: ArgumentHelp("event (default; one call per event) or record (one call per record).", valueName: "mode")
    )
    var dispatchMode: String?

    @Option(help: ArgumentHelp("JSON object passed to the bridge as PARAMETERS.", valueName: "json"))
    var parameters: String?

    @Option(help: ArgumentHelp("Lambda memory in MB, 128-10240 (default 256).", valueName: "mb"))
    var memorySize: Int?

    @Option(help: ArgumentHelp("Lambda timeout in seconds, 1-900 (default 30).", valueName: "seconds"))
    var timeout: Int?

    @Option(help: ArgumentHelp("x86_64 (default) or arm64, as bootstrap.zip was built.", valueName: "arch"))
    var architecture: String?

    @Option(help: ArgumentHelp("Lambda function name (default: generated).", valueName: "name"))
    var lambdaFunctionName: String?

    @Option(help: ArgumentHelp("Default of the CodeBucket parameter.", valueName: "bucket"))
    var codeBucket: String?

    @Option(help: ArgumentHelp("Default of the CodeKey parameter (default bootstrap.zip).", valueName: "key"))
    var codeKey: String?

    @Option(help: ArgumentHelp("Name of the new token secret (default: generated).", valueName: "name"))
    var secretName: String?

    @Option(help: ArgumentHelp("Use this existing token secret (full ARN) instead of creating one.", valueName: "arn"))
    var secretArn: String?

    @Option(
        help: ArgumentHelp(
            "Customer-managed KMS key of the secret (grants kms:Decrypt via Secrets Manager).",
            valueName: "arn"
        )
    )
    var kmsKeyArn: String?

    @Option(help: ArgumentHelp("Days to keep the Lambda's logs (default 30).", valueName: "days"))
    var logRetentionDays: Int?

    @Flag(help: "The OIDC provider exists already: no CreateOIDCProvider parameter.")
    var existingProvider = false

    @Option(help: ArgumentHelp("Largest minified trust policy allowed (default 2048).", valueName: "characters"))
    var maxTrustPolicyLength: Int?

    @Flag(
        help: """
            External queue, topic, secret and key ARNs may belong to another account (their resource policies grant \
            this one): no account assertion in the template's Rules.
            """
    )
    var allowCrossAccount = false

    @OptionGroup(title: "HTTP API") var httpAPI: StackHTTPAPIOptions
    @OptionGroup(title: "Event sources") var events: StackEventOptions
    @OptionGroup(title: "Modal role") var modalRole: StackModalRoleOptions
    @OptionGroup(title: "Alarms") var alarms: StackAlarmOptions
    @OptionGroup var outputOptions: CFNOutputOptions

    func validate() throws {
        guard config != nil else { return }
        let strings = [
            description, workspace, environment, app, function, id, integrationPattern, dispatchMode, parameters,
            architecture, lambdaFunctionName, codeBucket, codeKey, secretName, secretArn, kmsKeyArn,
        ]
        let used =
            strings.contains { $0 != nil }
            || [memorySize, timeout, logRetentionDays, maxTrustPolicyLength].contains { $0 != nil }
            || existingProvider || allowCrossAccount || events.isUsed || modalRole.isUsed || httpAPI.isUsed
            || alarms.isUsed
        if used { throw ValidationError("--config cannot be combined with stack options; put them in the file") }
    }

    func run() throws {
        try reportingCFNErrors("cfn stack") {
            if let config {
                try outputOptions.write(try StackTemplate.make(config: try readConfig(config)))
            } else {
                try outputOptions.write(try StackTemplate.make(try StackSpec(try flagInput())))
            }
        }
    }

    private func flagInput() throws(CFNError) -> StackInput {
        var input = StackInput()
        input.description = description.field("--description")
        input.workspace = workspace.field("--workspace")
        input.environment = environment.field("--environment")
        input.codeBucket = codeBucket.field("--code-bucket")
        input.codeKey = codeKey.field("--code-key")
        input.secretName = secretName.field("--secret-name")
        input.secretARN = secretArn.field("--secret-arn")
        input.kmsKeyARN = kmsKeyArn.field("--kms-key-arn")
        input.logRetentionDays = logRetentionDays.field("--log-retention-days")
        input.existingProvider = existingProvider
        input.allowCrossAccount = allowCrossAccount
        input.httpAPI = httpAPI.input
        input.alarms = alarms.input
        input.maxTrustPolicyLength = maxTrustPolicyLength.field("--max-trust-policy-length")
        input.functionsName = "--function"
        var function = BridgedFunctionInput()
        function.id = id.field("--id")
        function.app = app.field("--app")
        function.function = self.function.field("--function")
        function.integrationPattern = integrationPattern.field("--integration-pattern")
        function.dispatchMode = dispatchMode.field("--dispatch-mode")
        if let parameters {
            do {
                function.parameters = Field(try JSONValue(parsing: Array(parameters.utf8)), "--parameters")
            } catch {
                throw .invalid("--parameters", parameters, "must be a JSON object (\(error))")
            }
        }
        function.memorySize = memorySize.field("--memory-size")
        function.timeout = timeout.field("--timeout")
        function.architecture = architecture.field("--architecture")
        function.lambdaFunctionName = lambdaFunctionName.field("--lambda-function-name")
        events.fill(&function)
        try modalRole.fill(&function)
        input.functions = [function]
        return input
    }
}
