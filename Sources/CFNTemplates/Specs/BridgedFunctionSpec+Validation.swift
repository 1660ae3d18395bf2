import JSON

extension BridgedFunctionSpec {
    /// Lambda's limit on all environment variables of a function together (keys and values).
    package static let environmentBytesLimit = 4_096
    /// The longest ARN a secret created by the stack can have (for the environment size check).
    static let createdSecretARNBytes = 120

    init(_ input: BridgedFunctionInput, stack: StackInput, metricsNamespace: String?) throws(CFNError) {
        name = input.name
        self.metricsNamespace = metricsNamespace
        idName = input.idName
        guard let appField = input.app else { throw .missing(input.appName, "the Modal app the function belongs to") }
        guard let functionField = input.function else {
            throw .missing(input.functionName, "the Modal function to call")
        }
        app = try ModalAppName(appField)
        function = try ModalFunctionName(functionField)
        guard let environmentField = input.environment ?? stack.environment else {
            throw .missing(input.environmentName, "the Modal environment of the function (or one for the whole stack)")
        }
        environment = try ModalEnvironmentName(environmentField)
        if let idField = input.id {
            id = try LogicalID(idField.value, field: idField.name)
            if idField.value.utf8.count > 64 {
                throw .invalid(idField.name, idField.value, "must be at most 64 characters")
            }
        } else if let derived = LogicalID.derived(from: function.value) {
            id = derived
        } else {
            throw .missing(idName, "no logical id can be derived from '\(function.value)'")
        }
        integrationPattern = try Self.choice(input.integrationPattern, default: .spawn)
        // A stream source's ordered partial failures need one call per record: `record` unless set otherwise.
        let hasStream = input.kinesis != nil || input.dynamodb != nil
        dispatchMode = try Self.choice(input.dispatchMode, default: hasStream ? .record : .event)
        if let field = input.parameters {
            guard field.value.objectValue != nil else {
                throw .invalid(
                    field.name,
                    field.value.serializedString(),
                    "must be a JSON object (passed to the bridge as PARAMETERS)"
                )
            }
            parameters = field.value.serializedString()
        } else {
            parameters = "{}"
        }
        memorySize =
            try input.memorySize.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 128...10_240, "MB of Lambda memory")
            } ?? 256
        timeout =
            try input.timeout.map { field throws(CFNError) in
                try AWSNameRules.integer(field, in: 1...900, "seconds, the Lambda timeout")
            } ?? 30
        let architectureField = input.architecture ?? Field("x86_64", "architecture")
        guard ["x86_64", "arm64"].contains(architectureField.value) else {
            throw .invalid(
                architectureField.name,
                architectureField.value,
                "must be x86_64 or arm64 (and match the bootstrap.zip build)"
            )
        }
        architecture = architectureField.value
        lambdaFunctionName = try input.lambdaFunctionName.map { field throws(CFNError) in
            let allowed = Set("-_".utf8)
            guard (1...64).contains(field.value.utf8.count),
                field.value.utf8.allSatisfy({ $0.isASCIIAlphanumeric || allowed.contains($0) })
            else {
                throw .invalid(
                    field.name,
                    field.value,
                    "must be 1–64 letters, digits, '-' and '_' (Lambda function names)"
                )
            }
            return field.value
        }
        sqs = try input.sqs.map { input throws(CFNError) in try SQSSource(input) }
        s3 = try input.s3.map { input throws(CFNError) in try S3EventSource(input) }
        sns = try input.sns.map { input throws(CFNError) in try SNSSource(input) }
        streams = []
        for stream in [input.kinesis, input.dynamodb].compactMap(\.self) { streams.append(try StreamSource(stream)) }
        httpRoutes = try input.httpRoutes.validated(HTTPRoute.init)
        schedule = try input.schedule.map { field throws(CFNError) in try ScheduleSource(field) }
        functionURL = try input.functionURL.map { input throws(CFNError) in try FunctionURLSource(input) }
        if s3 != nil || sns != nil || schedule != nil {
            async = try AsyncInvokeConfig(input.async)
        } else if let extra = input.async {
            throw .conflicting(extra.name, "applies only to asynchronous sources (S3, SNS, a schedule)")
        }
        reservedConcurrency = try input.reservedConcurrency.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 1...10_000, "concurrent executions reserved for the Lambda")
        }
        if let reserved = reservedConcurrency, let maximum = sqs?.maximumConcurrency, maximum > reserved,
            let field = input.sqs?.maximumConcurrency
        {
            throw .conflicting(
                field.name,
                "\(maximum) is over the reserved concurrency \(reserved): the extra SQS pollers' invocations would "
                    + "be throttled and retried"
            )
        }
        modalRole = try Self.modalRole(
            input,
            stack: stack,
            environment: environmentField,
            app: appField,
            function: functionField
        )
        try checkEnvironmentSize(stack: stack)
    }

    private static func choice<T: RawRepresentable & CaseIterable>(
        _ field: Field<String>?,
        default value: T
    ) throws(CFNError) -> T
    where T.RawValue == String {
        guard let field else { return value }
        guard let parsed = T(rawValue: field.value) else {
            throw .invalid(
                field.name,
                field.value,
                "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return parsed
    }

    /// The Modal role input completed with the function's workspace, environment and app (and the function itself,
    /// unless the role names its own functions or a broader scope).
    private static func modalRole(
        _ input: BridgedFunctionInput,
        stack: StackInput,
        environment: Field<String>,
        app: Field<String>,
        function: Field<String>
    ) throws(CFNError) -> ModalRoleSpec {
        var role = input.modalRole
        role.workspace = stack.workspace
        role.workspaceName = stack.workspaceName
        role.maxTrustPolicyLength = role.maxTrustPolicyLength ?? stack.maxTrustPolicyLength
        let scope = role.scope.flatMap { ModalScope(rawValue: $0.value) } ?? .function
        role.environments = FieldList(name: environment.name, values: scope == .workspace ? [] : [environment])
        role.apps = FieldList(name: app.name, values: scope == .function || scope == .app ? [app] : [])
        if scope == .function, role.functions.isEmpty {
            // A class's containers present `function_name:Cls.*`: the role of a `Cls.method` target trusts the class.
            let service = (try? ModalFunctionName(function))?.classService
            role.functions = FieldList(name: function.name, values: [Field(service ?? function.value, function.name)])
        }
        return try ModalRoleSpec(role, field: input.modalRoleName)
    }

    private func checkEnvironmentSize(stack: StackInput) throws(CFNError) {
        let secretBytes: Int
        if let arn = stack.secretARN?.value {
            secretBytes = arn.utf8.count
        } else {
            secretBytes = Self.createdSecretARNBytes
        }
        let variables = environmentVariables(secretARN: .string(String(repeating: "x", count: secretBytes)))
        let total = variables.reduce(0) { $0 + $1.0.utf8.count + ($1.1.stringValue?.utf8.count ?? 0) }
        if total > Self.environmentBytesLimit {
            throw .limit(
                name,
                "the Lambda environment would be \(total) bytes, over Lambda's \(Self.environmentBytesLimit)-byte limit (shorten PARAMETERS)"
            )
        }
    }

    /// The bridge's environment contract; with metrics, `MODAL_BRIDGE_METRICS=emf` and a namespace other than the
    /// bridge's default.
    func environmentVariables(secretARN: JSONValue) -> [(String, JSONValue)] {
        var variables: [(String, JSONValue)] = [
            ("MODAL_APP_NAME", .string(app.value)),
            ("MODAL_BRIDGE_DISPATCH_MODE", .string(dispatchMode.rawValue)),
            ("MODAL_ENVIRONMENT_NAME", .string(environment.value)),
            ("MODAL_FUNCTION_NAME", .string(function.value)),
            ("MODAL_INTEGRATION_PATTERN", .string(integrationPattern.rawValue)),
            ("MODAL_SECRET_ARN", secretARN),
            ("PARAMETERS", .string(parameters)),
        ]
        if let metricsNamespace {
            variables.append(("MODAL_BRIDGE_METRICS", "emf"))
            if metricsNamespace != AlarmsConfig.defaultNamespace {
                variables.append(("MODAL_BRIDGE_METRICS_NAMESPACE", .string(metricsNamespace)))
            }
        }
        return variables
    }
}
