import CFNTemplates
import JSON
import Testing

/// The table of reference §5.3 against the patterns the generator emits, judged by ``IAMStringLike``.
@Suite("Trust patterns against the attack table")
struct AttackTableTests {
    static let prefix = "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:"
    static let legitimate = prefix + "bar:container_id:ta-01JABCDEF"

    static func patterns(scope: String? = nil, app: [String] = ["foo"], function: [String] = ["bar"]) throws -> [String]
    {
        try Inputs.roleSpec(scope: scope, app: app, function: function).subjects.subPatterns
    }

    @Test func functionPatternIsAnchoredOnEveryField() throws {
        #expect(
            try Self.patterns()
                == ["modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:bar:container_id:*"]
        )
        #expect(try IAMStringLike.anyMatches(try Self.patterns(), Self.legitimate))
    }

    /// Subs another principal could present, and whether the function pattern lets them in.
    @Test(
        arguments: [
            ("function bar:x of the same app", prefix + "bar:x:container_id:ta-1"),
            ("app named foo:function_name:bar", prefix + "bar:function_name:x:container_id:ta-1"),
            ("function barista", prefix + "barista:container_id:ta-1"),
            ("function ba (prefix of bar)", prefix + "ba:container_id:ta-1"),
            ("function Bar (case)", prefix + "Bar:container_id:ta-1"),
            (
                "app foo2",
                "modal:workspace_id:ac-1:environment_name:main:app_name:foo2:function_name:bar:container_id:ta-1"
            ),
            (
                "environment main-dev",
                "modal:workspace_id:ac-1:environment_name:main-dev:app_name:foo:function_name:bar:container_id:ta-1"
            ),
            (
                "workspace ac-2",
                "modal:workspace_id:ac-2:environment_name:main:app_name:foo:function_name:bar:container_id:ta-1"
            ),
            (
                "workspace ac-10",
                "modal:workspace_id:ac-10:environment_name:main:app_name:foo:function_name:bar:container_id:ta-1"
            ),
            ("sub without container", prefix + "bar"),
            ("a sandbox of app foo", "modal:workspace_id:ac-1:environment_name:main:app_name:foo:sandbox_id:sb-1"),
        ]
    )
    func attackerSubDoesNotMatch(_ who: String, sub: String) throws {
        #expect(try !IAMStringLike.anyMatches(try Self.patterns(), sub), "\(who) must not match")
    }

    /// The evaluator is not trivially false: the construct's looser pattern does let `bar:x` in (the "maybe" row).
    @Test func looserConstructPatternLetsAColonFunctionIn() throws {
        #expect(try IAMStringLike.matches(Self.prefix + "bar:*", Self.prefix + "bar:x:container_id:ta-1"))
        #expect(try IAMStringLike.matches(Self.prefix + "bar*", Self.prefix + "barista:container_id:ta-1"))
    }

    /// Rows that would match any pattern, because a name spans fields: IAM cannot stop them, Modal's name rules
    /// (no ':' in app or environment names) do, and so does the generator's input validation.
    @Test(
        arguments: [
            ("--app", "foo:function_name:bar"),
            ("--environment", "main:app_name:foo"),
        ]
    )
    func fieldSpanningNamesAreRejected(flag: String, name: String) {
        let error = cfnError {
            _ = try Inputs.roleSpec(
                environment: flag == "--environment" ? [name] : ["main"],
                app: flag == "--app" ? [name] : ["foo"]
            )
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("\(flag): ") == true)
        #expect(error?.message.contains(ModalNameRules.colonRule) == true)
    }

    @Test func injectedEnvironmentWouldMatchWithoutNameRules() throws {
        let sub =
            "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:bar:container_id:x:app_name:evil:"
            + "function_name:evil:container_id:ta-1"
        #expect(try IAMStringLike.anyMatches(try Self.patterns(), sub))
    }

    @Test func classServiceStarIsLiteral() throws {
        let patterns = try Self.patterns(function: ["Model.*"])
        #expect(patterns == [Self.prefix + "Model.${*}:container_id:*"])
        #expect(try IAMStringLike.anyMatches(patterns, Self.prefix + "Model.*:container_id:ta-1"))
        #expect(try !IAMStringLike.anyMatches(patterns, Self.prefix + "Model.predict:container_id:ta-1"))
        #expect(try !IAMStringLike.anyMatches(patterns, Self.prefix + "Model.:container_id:ta-1"))
        // What an unescaped pattern would allow.
        #expect(
            try IAMStringLike.matches(
                Self.prefix + "Model.*:container_id:*",
                Self.prefix + "Model.predict:container_id:ta-1"
            )
        )
    }

    @Test(arguments: [
        ("--app", "*"), ("--app", "fo?"), ("--function", "*"), ("--function", "b?r"), ("--environment", "*"),
    ])
    func userWildcardsAreRejected(flag: String, name: String) throws {
        let error = cfnError {
            _ = try Inputs.roleSpec(
                environment: flag == "--environment" ? [name] : ["main"],
                app: flag == "--app" ? [name] : ["foo"],
                function: flag == "--function" ? [name] : ["bar"]
            )
        }
        #expect(error?.message.hasPrefix("\(flag): '\(name)' ") == true)
        #expect(error?.message.contains("wildcard") == true || error?.message.contains("class-service") == true)
        // Unvalidated, a '*' app would let every app of the environment in.
        #expect(
            try IAMStringLike.matches(
                "modal:workspace_id:ac-1:environment_name:main:app_name:*:function_name:bar:container_id:*",
                "modal:workspace_id:ac-1:environment_name:main:app_name:other:function_name:bar:container_id:ta-1"
            )
        )
    }

    @Test func eachScopeMatchesItsFunctionsAndNothingElse() throws {
        let inside = "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:bar:container_id:ta-1"
        let otherFunction =
            "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:qux:container_id:ta-1"
        let otherApp = "modal:workspace_id:ac-1:environment_name:main:app_name:zed:function_name:bar:container_id:ta-1"
        let otherEnvironment =
            "modal:workspace_id:ac-1:environment_name:dev:app_name:foo:function_name:bar:container_id:ta-1"
        let otherWorkspace =
            "modal:workspace_id:ac-2:environment_name:main:app_name:foo:function_name:bar:container_id:ta-1"
        let function = try Self.patterns(function: ["bar", "baz"])
        let app = try Self.patterns(scope: "app", function: [])
        let environment = try Inputs.roleSpec(scope: "environment", app: [], function: []).subjects.subPatterns
        let workspace = try Inputs.roleSpec(scope: "workspace", environment: [], app: [], function: []).subjects
            .subPatterns
        #expect(app == ["modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:*"])
        #expect(environment == ["modal:workspace_id:ac-1:environment_name:main:app_name:*"])
        #expect(workspace == ["modal:workspace_id:ac-1:environment_name:*"])
        let table: [([String], [String: Bool])] = [
            (
                function,
                [inside: true, otherFunction: false, otherApp: false, otherEnvironment: false, otherWorkspace: false]
            ),
            (
                app,
                [inside: true, otherFunction: true, otherApp: false, otherEnvironment: false, otherWorkspace: false]
            ),
            (
                environment,
                [inside: true, otherFunction: true, otherApp: true, otherEnvironment: false, otherWorkspace: false]
            ),
            (
                workspace,
                [inside: true, otherFunction: true, otherApp: true, otherEnvironment: true, otherWorkspace: false]
            ),
        ]
        for (patterns, expectations) in table {
            for (sub, expected) in expectations {
                #expect(try IAMStringLike.anyMatches(patterns, sub) == expected, "\(patterns) vs \(sub)")
            }
        }
    }
}

/// The attack table against every role of stacks using each new switch (issue 14 §4): the switches add resources,
/// never trust. Every Federated role lets in its own function's containers and none of the attacker subs; every
/// other role trusts lambda.amazonaws.com only.
@Suite("Trust patterns of every switch against the attack table")
struct SwitchAttackTableTests {
    static let variants: [String: @Sendable (inout StackInput, inout BridgedFunctionInput) -> Void] = [
        "async-defaults": { _, function in function.sns = SNSInput(name: "--sns") },
        "async-destination": { _, function in
            function.schedule = Field("rate(1 hour)", "--schedule")
            function.async = AsyncInput(name: "--async-on-failure-arn")
            function.async?.onFailureARN = Field("arn:aws:sqs:us-east-1:123456789012:f", "--async-on-failure-arn")
        },
        "caps-and-fifo": { _, function in
            function.reservedConcurrency = Field(5, "--reserved-concurrency")
            function.sqs = SQSInput(name: "--sqs")
            function.sqs?.fifo = Field(true, "--sqs-fifo")
            function.sqs?.maximumConcurrency = Field(5, "--sqs-maximum-concurrency")
        },
        "function-url-public": { _, function in
            function.functionURL = FunctionURLInput(name: "--function-url")
            function.functionURL?.auth = Field("none", "--function-url-auth")
        },
        "http-jwt": { stack, function in
            function.httpRoutes = .flag("--http-route", ["POST /bar"])
            stack.httpAPI.auth = Field("jwt", "--http-auth")
            stack.httpAPI.jwtIssuer = Field("https://idp.example.com", "--http-jwt-issuer")
            stack.httpAPI.jwtAudiences = .flag("--http-jwt-audience", ["bar"])
            stack.httpAPI.accessLogs = Field(true, "--http-access-logs")
        },
        "existing-bucket": { _, function in
            function.s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", []))
            function.s3?.existingBucket = Field("legacy", "--s3-existing-bucket")
            function.s3?.modalAccess = Field("read-write", "--s3-modal-access")
        },
        "cross-account": { stack, function in
            stack.allowCrossAccount = true
            function.sns = SNSInput(name: "--sns")
            function.sns?.topicARN = Field("arn:aws:sns:eu-west-1:210987654321:t", "--sns-topic-arn")
        },
        "class-method": { _, function in function.function = Field("Model.predict", "--function") },
        "streams": { _, function in
            function.kinesis = StreamSourceTests.kinesis()
            function.dynamodb = StreamSourceTests.dynamodb {
                $0.onFailureARN = Field("arn:aws:sns:us-east-1:123456789012:f", "--dynamodb-on-failure-arn")
            }
        },
    ]

    static let prefix = AttackTableTests.prefix

    @Test(arguments: variants.keys.sorted())
    func everyRoleTrustsOnlyWhomItShould(_ variant: String) throws {
        let template = try Inputs.stackJSON(Inputs.stack(configure: try #require(Self.variants[variant])))
        let legitimate = Self.prefix + (variant == "class-method" ? "Model.*" : "bar") + ":container_id:ta-01J"
        let attackers = [
            Self.prefix + "bar:x:container_id:ta-1", Self.prefix + "barista:container_id:ta-1",
            Self.prefix + "Model.predict:container_id:ta-1", Self.prefix + "Model.other:container_id:ta-1",
            "modal:workspace_id:ac-1:environment_name:main:app_name:foo2:function_name:bar:container_id:ta-1",
            "modal:workspace_id:ac-2:environment_name:main:app_name:foo:function_name:bar:container_id:ta-1",
            "modal:workspace_id:ac-1:environment_name:main:app_name:foo:sandbox_id:sb-1",
        ]
        var federatedRoles = 0
        for (id, resource) in template["Resources"]?.objectValue ?? [:] where resource["Type"] == "AWS::IAM::Role" {
            let statements = resource[path: "Properties", "AssumeRolePolicyDocument", "Statement"]?.arrayValue ?? []
            #expect(statements.count == 1, "\(variant): \(id)")
            let statement = try #require(statements.first)
            if statement[path: "Principal", "Federated"] != nil {
                federatedRoles += 1
                let patterns = (statement[path: "Condition", "StringLike", "oidc.modal.com:sub"]?.arrayValue ?? [])
                    .compactMap(\.stringValue)
                #expect(try IAMStringLike.anyMatches(patterns, legitimate), "\(variant): \(id) \(patterns)")
                for sub in attackers {
                    #expect(try !IAMStringLike.anyMatches(patterns, sub), "\(variant): \(id) lets \(sub) in")
                }
                #expect(statement[path: "Condition", "StringEquals", "oidc.modal.com:aud"] == "oidc.modal.com")
            } else {
                #expect(statement["Principal"] == ["Service": "lambda.amazonaws.com"], "\(variant): \(id)")
                #expect(statement["Action"] == "sts:AssumeRole", "\(variant): \(id)")
            }
        }
        #expect(federatedRoles == 1, "\(variant)")
    }
}
