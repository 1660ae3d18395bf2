import CFNTemplates
import JSON
import Testing

@Suite("Stack validation")
struct StackValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var code: CFNError.Code = .invalidValue
        var configure: @Sendable (inout StackInput, inout BridgedFunctionInput) -> Void
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(message: "--workspace: missing;", code: .missingValue) { stack, _ in stack.workspace = nil },
        Case(message: "--app: missing; the Modal app", code: .missingValue) { _, function in function.app = nil },
        Case(message: "--function: missing; the Modal function", code: .missingValue) { _, function in
            function.function = nil
        },
        Case(message: "--environment: missing; the Modal environment", code: .missingValue) { stack, _ in
            stack.environment = nil
        },
        Case(message: "--function: 'bar*' may contain '*' only") { _, function in
            function.function = Field("bar*", "--function")
        },
        Case(message: "--integration-pattern: 'call' must be one of spawn, remote") { _, function in
            function.integrationPattern = Field("call", "--integration-pattern")
        },
        Case(message: "--dispatch-mode: 'batch' must be one of event, record") { _, function in
            function.dispatchMode = Field("batch", "--dispatch-mode")
        },
        Case(message: "--parameters: '[1]' must be a JSON object") { _, function in
            function.parameters = Field([1], "--parameters")
        },
        Case(message: "--memory-size: '64' must be between 128 and 10240") { _, function in
            function.memorySize = Field(64, "--memory-size")
        },
        Case(message: "--timeout: '901' must be between 1 and 900") { _, function in
            function.timeout = Field(901, "--timeout")
        },
        Case(message: "--architecture: 'aarch64' must be x86_64 or arm64") { _, function in
            function.architecture = Field("aarch64", "--architecture")
        },
        Case(message: "--lambda-function-name: 'my.fn' must be 1–64 letters") { _, function in
            function.lambdaFunctionName = Field("my.fn", "--lambda-function-name")
        },
        Case(message: "--id: 'my-id' must contain only the letters") { _, function in
            function.id = Field("my-id", "--id")
        },
        Case(message: "--sqs-batch-size: '100' needs a batching window") { _, function in
            var sqs = SQSInput(name: "--sqs")
            sqs.batchSize = Field(100, "--sqs-batch-size")
            function.sqs = sqs
        },
        Case(message: "--sqs-batch-size: '11' must be between 1 and 10 ") { _, function in
            var sqs = SQSInput(name: "--sqs")
            sqs.queueARN = Field("arn:aws:sqs:us-east-1:123456789012:q.fifo", "--sqs-queue-arn")
            sqs.batchSize = Field(11, "--sqs-batch-size")
            function.sqs = sqs
        },
        Case(message: "--sqs-maximum-batching-window: is not supported for a FIFO queue", code: .conflictingValue) {
            _,
            function in
            var sqs = SQSInput(name: "--sqs")
            sqs.queueARN = Field("arn:aws:sqs:us-east-1:123456789012:q.fifo", "--sqs-queue-arn")
            sqs.maximumBatchingWindow = Field(1, "--sqs-maximum-batching-window")
            function.sqs = sqs
        },
        Case(message: "--sqs-max-receive-count: applies only to a queue this stack creates", code: .conflictingValue) {
            _,
            function in
            var sqs = SQSInput(name: "--sqs")
            sqs.queueARN = Field("arn:aws:sqs:us-east-1:123456789012:q", "--sqs-queue-arn")
            sqs.maxReceiveCount = Field(3, "--sqs-max-receive-count")
            function.sqs = sqs
        },
        Case(message: "--sqs-queue-arn: 'arn:aws:sns:us-east-1:123456789012:q' must be an ARN arn:PARTITION:sqs:") {
            _,
            function in
            var sqs = SQSInput(name: "--sqs")
            sqs.queueARN = Field("arn:aws:sns:us-east-1:123456789012:q", "--sqs-queue-arn")
            function.sqs = sqs
        },
        Case(message: "--s3-event: 's3:ObjectCreated' must be an S3 event type") { _, function in
            function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", ["s3:ObjectCreated"]))
        },
        Case(message: "--s3-bucket-name: 'Uploads' must be an S3 bucket name") { _, function in
            var s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            s3.bucketName = Field("Uploads", "--s3-bucket-name")
            function.s3 = s3
        },
        Case(message: "--s3-prefix: 'in *' must be 1–1024 printable ASCII") { _, function in
            var s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            s3.prefix = Field("in *", "--s3-prefix")
            function.s3 = s3
        },
        Case(message: "--s3-modal-access: 'write' must be read, read-write or none") { _, function in
            var s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            s3.modalAccess = Field("write", "--s3-modal-access")
            function.s3 = s3
        },
        Case(message: "--sns-topic-arn: 'topic' must be an ARN") { _, function in
            var sns = SNSInput(name: "--sns")
            sns.topicARN = Field("topic", "--sns-topic-arn")
            function.sns = sns
        },
        Case(message: "--http-route: 'POST thumbnails' must be 'METHOD /path'") { _, function in
            function.httpRoutes = .flag("--http-route", ["POST thumbnails"])
        },
        Case(message: "--http-route: 'FETCH /x' must be 'METHOD /path'") { _, function in
            function.httpRoutes = .flag("--http-route", ["FETCH /x"])
        },
        Case(message: "--http-route: 'GET /{proxy+}/x' must be 'METHOD /path'") { _, function in
            function.httpRoutes = .flag("--http-route", ["GET /{proxy+}/x"])
        },
        Case(message: "--http-route: 'GET /${x}' must be 'METHOD /path'") { _, function in
            function.httpRoutes = .flag("--http-route", ["GET /${x}"])
        },
        Case(message: "--http-route: 'GET /a' is given twice", code: .conflictingValue) { _, function in
            function.httpRoutes = .flag("--http-route", ["GET /a", "GET /a"])
        },
        Case(message: "--schedule: 'rate(1 minutes)' must be rate(") { _, function in
            function.schedule = Field("rate(1 minutes)", "--schedule")
        },
        Case(message: "--schedule: 'every 5 minutes' must be rate(") { _, function in
            function.schedule = Field("every 5 minutes", "--schedule")
        },
        Case(message: "--schedule: 'cron(0 12 * * ?)' must have six fields") { _, function in
            function.schedule = Field("cron(0 12 * * ?)", "--schedule")
        },
        Case(message: "--secret-name: give either a name for a new secret or the ARN", code: .conflictingValue) {
            stack,
            _ in
            stack.secretName = Field("modal/token", "--secret-name")
            stack.secretARN = Field(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:modal-token-AbCdEf",
                "--secret-arn"
            )
        },
        Case(message: "--secret-arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:*' must be an ARN") {
            stack,
            _ in
            stack.secretARN = Field("arn:aws:secretsmanager:us-east-1:123456789012:secret:*", "--secret-arn")
        },
        Case(message: "--kms-key-arn: 'alias/modal' must be a KMS key ARN") { stack, _ in
            stack.kmsKeyARN = Field("alias/modal", "--kms-key-arn")
        },
        Case(message: "--log-retention-days: '10' must be one of the CloudWatch Logs retention periods") { stack, _ in
            stack.logRetentionDays = Field(10, "--log-retention-days")
        },
        Case(message: "--code-bucket: 'Code' must be an S3 bucket name") { stack, _ in
            stack.codeBucket = Field("Code", "--code-bucket")
        },
        Case(message: "--modal-function: not allowed with scope 'app'", code: .conflictingValue) { _, function in
            function.modalRole.scope = Field("app", "--modal-scope")
            function.modalRole.functions = .flag("--modal-function", ["bar"])
        },
        Case(message: "function: the Lambda environment would be ", code: .limitExceeded) { _, function in
            function.parameters = Field(["blob": .string(String(repeating: "x", count: 4_000))], "--parameters")
        },
    ]

    @Test(arguments: cases)
    func rejected(_ testCase: Case) {
        let error = cfnError { _ = try StackSpec(Inputs.stack(configure: testCase.configure)) }
        #expect(error?.code == testCase.code, "\(error?.message ?? "no error")")
        #expect(error?.message.hasPrefix(testCase.message) == true, "\(error?.message ?? "no error")")
    }

    @Test func functionsNeedDistinctLogicalIDs() throws {
        var input = Inputs.stack()
        var second = input.functions[0]
        second.app = Field("other", "functions[1].app")
        input.functions.append(second)
        let error = cfnError { _ = try StackSpec(input) }
        #expect(
            error?.message == "--id: logical id base 'Bar' is already used by Modal function 'bar'; set a different id"
        )
        input.functions[1].id = Field("OtherBar", "functions[1].id")
        let template = try Inputs.stackJSON(input)
        #expect(template[path: "Resources", "OtherBarFunction"] != nil)
    }

    @Test func idsThatClashWithStackResourcesAreReported() throws {
        // `Code` + `Bucket` is the CodeBucket parameter.
        let error = cfnError {
            _ = try Inputs.stackJSON(
                Inputs.stack { _, function in
                    function.id = Field("Code", "--id")
                    function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
                }
            )
        }
        #expect(error?.code == .conflictingValue)
        #expect(
            error?.message
                == "--id: logical ids derived from 'Code' clash with other resources of the stack (logical id: 'CodeBucket' "
                + "is used twice in the template (logical ids must be unique)); set a different id"
        )
        _ = try Inputs.stackJSON(Inputs.stack { _, function in function.id = Field("Code", "--id") })
    }
}
