import JSON

/// A validated bridge stack.
package struct StackSpec: Sendable {
    /// Where the Modal token comes from.
    package enum Secret: Sendable, Hashable {
        /// A new secret with a placeholder value (optionally named).
        case create(name: String?)
        /// An existing secret, by full ARN.
        case existing(arn: String)
    }

    package static let logRetentionValues = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    package var description: String?
    package var workspace: ModalWorkspaceID
    package var codeBucket: String?
    package var codeKey: String
    package var secret: Secret
    package var kmsKeyARN: String?
    package var logRetentionDays: Int
    package var provider: ProviderMode
    /// External ARNs may belong to another account (no account assertion in `Rules`).
    package var allowCrossAccount: Bool
    package var httpAPI: HTTPAPIConfig
    /// CloudWatch alarms on every function; they turn on the bridge's EMF metrics.
    package var alarms: AlarmsConfig?
    package var functions: [BridgedFunctionSpec]

    package init(_ input: StackInput) throws(CFNError) {
        description = try input.description.map(AWSNameRules.templateDescription)
        guard let workspaceField = input.workspace else {
            throw .missing(
                input.workspaceName,
                "every Modal role is pinned to one Modal workspace id (ac-…): the audience oidc.modal.com is the same "
                    + "for every Modal customer"
            )
        }
        workspace = try ModalWorkspaceID(workspaceField)
        codeBucket = try input.codeBucket.map(AWSNameRules.bucketName)
        codeKey =
            try input.codeKey.map { field throws(CFNError) in
                guard (1...1_024).contains(field.value.utf8.count),
                    field.value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
                else {
                    throw .invalid(
                        field.name,
                        field.value,
                        "must be an S3 key of 1–1024 printable ASCII characters without spaces"
                    )
                }
                return field.value
            } ?? "bootstrap.zip"
        switch (input.secretName, input.secretARN) {
        case (let name?, _?):
            throw .conflicting(name.name, "give either a name for a new secret or the ARN of an existing one, not both")
        case (let name?, nil):
            let allowed = Set("/_+=.@-".utf8)
            guard (1...512).contains(name.value.utf8.count),
                name.value.utf8.allSatisfy({ $0.isASCIIAlphanumeric || allowed.contains($0) })
            else {
                throw .invalid(
                    name.name,
                    name.value,
                    "must be 1–512 letters, digits and / _ + = . @ - (Secrets Manager names)"
                )
            }
            secret = .create(name: name.value)
        case (nil, let arn?):
            secret = .existing(arn: try AWSNameRules.secretARN(arn))
        case (nil, nil):
            secret = .create(name: nil)
        }
        kmsKeyARN = try input.kmsKeyARN.map(AWSNameRules.kmsKeyARN)
        if case .existing(let arn) = secret, let key = kmsKeyARN, let field = input.kmsKeyARN,
            let keyRegion = ExternalARN(key)?.region, let secretRegion = ExternalARN(arn)?.region,
            keyRegion != secretRegion
        {
            throw .conflicting(
                field.name,
                "the key is in region \(keyRegion) but the secret in \(secretRegion); a secret is encrypted with a key "
                    + "of its own region"
            )
        }
        allowCrossAccount = input.allowCrossAccount
        httpAPI = try HTTPAPIConfig(input.httpAPI)
        if input.httpAPI.isUsed, input.functions.allSatisfy({ $0.httpRoutes.isEmpty }) {
            throw .conflicting(input.httpAPIName, "the HTTP API options apply only when a function has HTTP routes")
        }
        logRetentionDays =
            try input.logRetentionDays.map { field throws(CFNError) in
                guard Self.logRetentionValues.contains(field.value) else {
                    throw .invalid(
                        field.name,
                        String(field.value),
                        "must be one of the CloudWatch Logs retention periods \(Self.logRetentionValues.map(String.init).joined(separator: ", "))"
                    )
                }
                return field.value
            } ?? 30
        provider = input.existingProvider ? .existing : .conditional(createByDefault: false)
        alarms = try input.alarms.map { alarms throws(CFNError) in try AlarmsConfig(alarms) }
        guard !input.functions.isEmpty else {
            throw .missing(input.functionsName, "a stack bridges at least one Modal function")
        }
        var functions: [BridgedFunctionSpec] = []
        for function in input.functions {
            let spec = try BridgedFunctionSpec(function, stack: input, metricsNamespace: alarms?.namespace)
            if let other = functions.first(where: { $0.id == spec.id }) {
                throw .conflicting(
                    function.idName,
                    "logical id base '\(spec.id.value)' is already used by Modal function '\(other.function.value)'; set a different id"
                )
            }
            if let first = functions.first, first.architecture != spec.architecture {
                throw .conflicting(
                    function.architecture?.name ?? function.name,
                    "'\(spec.architecture)' differs from '\(first.architecture)' of Modal function '\(first.function.value)': "
                        + "every function of a stack runs the same bootstrap.zip (CodeBucket/CodeKey), so they need the "
                        + "same architecture"
                )
            }
            functions.append(spec)
        }
        try Self.checkUnique(input.functions)
        if alarms != nil { try Self.checkAlarmNames(functions) }
        self.functions = functions
    }
}
