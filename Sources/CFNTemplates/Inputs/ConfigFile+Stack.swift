import JSON

extension ConfigFile {
    /// A `cfn stack` configuration.
    package static func stack(_ bytes: [UInt8]) throws(CFNError) -> StackInput {
        var root = try ConfigObject(try parse(bytes), path: "")
        var input = StackInput()
        input.description = try root.string("description")
        input.workspace = try root.string("workspace")
        input.workspaceName = root.name("workspace")
        input.environment = try root.string("environment")
        input.codeBucket = try root.string("codeBucket")
        input.codeKey = try root.string("codeKey")
        input.secretName = try root.string("secretName")
        input.secretARN = try root.string("secretArn")
        input.kmsKeyARN = try root.string("kmsKeyArn")
        input.logRetentionDays = try root.int("logRetentionDays")
        input.existingProvider = try root.bool("existingProvider") ?? false
        input.allowCrossAccount = try root.bool("allowCrossAccount") ?? false
        input.maxTrustPolicyLength = try root.int("maxTrustPolicyLength")
        if var http = try root.object("httpApi") {
            input.httpAPIName = http.path
            input.httpAPI.auth = try http.string("auth")
            input.httpAPI.jwtIssuer = try http.string("jwtIssuer")
            input.httpAPI.jwtIssuerName = http.name("jwtIssuer")
            input.httpAPI.jwtAudiences = try http.strings("jwtAudience")
            input.httpAPI.throttlingBurstLimit = try http.int("throttlingBurstLimit")
            input.httpAPI.throttlingRateLimit = try http.int("throttlingRateLimit")
            input.httpAPI.accessLogs = try http.boolField("accessLogs")
            try http.finish()
        }
        if var alarms = try root.switchOrObject("alarms") {
            input.alarms = try readAlarms(&alarms)
            try alarms.finish()
        }
        input.functionsName = root.name("functions")
        for var object in try root.objects("functions") ?? [] {
            input.functions.append(try function(&object))
        }
        try root.finish()
        return input
    }

    private static func readAlarms(_ alarms: inout ConfigObject) throws(CFNError) -> AlarmsInput {
        var input = AlarmsInput(name: alarms.path, emails: try alarms.strings("email"))
        input.topicARN = try alarms.string("topicArn")
        input.namespace = try alarms.string("namespace")
        input.okActions = try alarms.boolField("okActions")
        let conditions: [(String, WritableKeyPath<AlarmsInput, AlarmThresholdInput>)] = [
            ("errors", \.errors), ("deadLetters", \.deadLetters), ("failedRecords", \.failedRecords),
        ]
        for (key, path) in conditions {
            guard var object = try alarms.object(key) else { continue }
            input[keyPath: path].threshold = try object.int("threshold")
            input[keyPath: path].period = try object.int("period")
            input[keyPath: path].evaluationPeriods = try object.int("evaluationPeriods")
            input[keyPath: path].datapointsToAlarm = try object.int("datapointsToAlarm")
            try object.finish()
        }
        return input
    }

    private static func function(_ object: inout ConfigObject) throws(CFNError) -> BridgedFunctionInput {
        var input = BridgedFunctionInput()
        input.name = object.path
        input.id = try object.string("id")
        input.idName = object.name("id")
        input.app = try object.string("app")
        input.appName = object.name("app")
        input.function = try object.string("function")
        input.functionName = object.name("function")
        input.environment = try object.string("environment")
        input.environmentName = object.name("environment")
        input.integrationPattern = try object.string("integrationPattern")
        input.dispatchMode = try object.string("dispatchMode")
        input.parameters = object.json("parameters")
        input.memorySize = try object.int("memorySize")
        input.timeout = try object.int("timeout")
        input.architecture = try object.string("architecture")
        input.lambdaFunctionName = try object.string("lambdaFunctionName")
        input.reservedConcurrency = try object.int("reservedConcurrency")
        if var async = try object.object("async") {
            var settings = AsyncInput(name: async.path)
            settings.maximumRetryAttempts = try async.int("maximumRetryAttempts")
            settings.maximumEventAge = try async.int("maximumEventAge")
            settings.onFailureARN = try async.string("onFailureArn")
            try async.finish()
            input.async = settings
        }
        input.httpRoutes = FieldList(name: object.name("events.http"), values: [])
        if var events = try object.object("events") {
            try readEvents(&events, into: &input)
            try events.finish()
        }
        input.modalRoleName = object.name("modalRole")
        if var role = try object.object("modalRole") {
            try readRoleOptions(&role, into: &input.modalRole)
            input.modalRole.functions = try role.strings("function")
            try role.finish()
        }
        try object.finish()
        return input
    }

    private static func readEvents(
        _ events: inout ConfigObject,
        into input: inout BridgedFunctionInput
    ) throws(CFNError) {
        if var sqs = try events.switchOrObject("sqs") {
            var source = SQSInput(name: sqs.path)
            source.queueARN = try sqs.string("queueArn")
            source.batchSize = try sqs.int("batchSize")
            source.maximumBatchingWindow = try sqs.int("maximumBatchingWindow")
            source.maxReceiveCount = try sqs.int("maxReceiveCount")
            source.maximumConcurrency = try sqs.int("maximumConcurrency")
            source.fifo = try sqs.boolField("fifo")
            source.contentBasedDeduplication = try sqs.boolField("contentBasedDeduplication")
            try sqs.finish()
            input.sqs = source
        }
        if var s3 = try events.switchOrObject("s3") {
            var source = S3EventInput(name: s3.path, events: try s3.strings("events"))
            source.bucketName = try s3.string("bucketName")
            source.existingBucket = try s3.string("existingBucket")
            source.prefix = try s3.string("prefix")
            source.suffix = try s3.string("suffix")
            source.modalAccess = try s3.string("modalAccess")
            try s3.finish()
            input.s3 = source
        }
        if var sns = try events.switchOrObject("sns") {
            var source = SNSInput(name: sns.path)
            source.topicARN = try sns.string("topicArn")
            try sns.finish()
            input.sns = source
        }
        for kind in [StreamSource.Kind.kinesis, .dynamodb] {
            guard var stream = try events.object(kind.rawValue) else { continue }
            var source = StreamInput(name: stream.name("streamArn"), kind: kind)
            source.streamARN = try stream.string("streamArn")
            source.startingPosition = try stream.string("startingPosition")
            source.batchSize = try stream.int("batchSize")
            source.parallelizationFactor = try stream.int("parallelizationFactor")
            source.bisectBatchOnFunctionError = try stream.boolField("bisectBatchOnFunctionError")
            source.maximumRetryAttempts = try stream.int("maximumRetryAttempts")
            source.maximumRecordAge = try stream.int("maximumRecordAge")
            source.onFailureARN = try stream.string("onFailureArn")
            try stream.finish()
            if kind == .kinesis { input.kinesis = source } else { input.dynamodb = source }
        }
        input.httpRoutes = try events.strings("http")
        input.schedule = try events.string("schedule")
        if var url = try events.switchOrObject("functionUrl") {
            var source = FunctionURLInput(name: url.path)
            source.auth = try url.string("auth")
            try url.finish()
            input.functionURL = source
        }
    }
}
