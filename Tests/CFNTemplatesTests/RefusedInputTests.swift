import CFNTemplates
import Foundation
import JSON
import TestSupport
import Testing

/// Inputs a black-box review found that yielded a template failing at deploy or run time (issue 14 §1): each is
/// refused with one line naming the field and the rule, or now yields a template that works.
@Suite("Refused inputs (black-box review)")
struct RefusedInputTests {
    static let prefix = "modal:workspace_id:ac-1:environment_name:main:app_name:foo:function_name:"

    // MARK: class methods

    /// A class's containers present `function_name:Cls.*`: the stack's Modal role for `Cls.method` trusts the class.
    @Test func stackModalRoleOfAClassMethodTrustsTheClassService() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in function.function = Field("Classifier.predict", "--function") }
        )
        let trust = try #require(
            template[path: "Resources", "ClassifierPredictModalRole", "Properties", "AssumeRolePolicyDocument"]
        )
        let patterns = (trust["Statement"]?[0]?[path: "Condition", "StringLike", "oidc.modal.com:sub"]?.arrayValue)?
            .compactMap(\.stringValue)
        #expect(patterns == [Self.prefix + "Classifier.${*}:container_id:*"])
        let subs = try #require(patterns)
        #expect(try IAMStringLike.anyMatches(subs, Self.prefix + "Classifier.*:container_id:ta-01J"))
        #expect(try !IAMStringLike.anyMatches(subs, Self.prefix + "Classifier.predict:container_id:ta-01J"))
        #expect(try !IAMStringLike.anyMatches(subs, Self.prefix + "Other.*:container_id:ta-01J"))
        // The Lambda still calls the method.
        #expect(
            template[path: "Resources", "ClassifierPredictFunction", "Properties", "Environment", "Variables"]?[
                "MODAL_FUNCTION_NAME"
            ] == "Classifier.predict"
        )
    }

    @Test(arguments: [("--function", "Model.predict"), ("--modal-function", "Model.predict")])
    func roleForAClassMethodIsRefusedWithTheReason(flag: String, name: String) {
        let error = cfnError {
            if flag == "--function" {
                _ = try Inputs.roleSpec(function: [name])
            } else {
                _ = try StackSpec(
                    Inputs.stack { _, function in function.modalRole.functions = .flag("--modal-function", [name]) }
                )
            }
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("\(flag): 'Model.predict' ") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("'Model.*'") == true, "\(error?.message ?? "no error")")
    }

    // MARK: secret ARN

    @Test(arguments: [
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:tok",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:modal/token-AbCdE",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:-AbCdEf",
    ])
    func partialSecretARNIsRefused(_ arn: String) {
        let error = cfnError {
            _ = try StackSpec(Inputs.stack { stack, _ in stack.secretARN = Field(arn, "--secret-arn") })
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.hasPrefix("--secret-arn: '\(arn)' must be the full secret ARN") == true)
    }

    @Test func fullSecretARNIsAccepted() throws {
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:modal/token-AbCdEf"
        _ = try StackSpec(Inputs.stack { stack, _ in stack.secretARN = Field(arn, "--secret-arn") })
    }

    // MARK: schedules

    @Test(arguments: [
        "cron(0 3 * * * *)", "cron(99 99 * * ? *)", "rate(0 minutes)", "cron(0 12 ? * ? *)", "cron(60 * * * ? *)",
        "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 ? 13 * *)", "cron(0 0 ? * 8 *)", "cron(0 0 * * ? 1969)",
        "cron(0 0 * * ? 2200)", "cron(*/0 * * * ? *)", "cron(0 0 ? * MON#6 *)", "cron(0 0 ? JANUARY * *)",
        "cron(0 0 1W,2 * ? *)", "cron(0 0 L-3 * ? *)", "cron(0 0 ? * 2L,3 *)", "cron(0  0 * * ? *)", "rate(01 minute)",
        "rate(-1 minutes)", "rate(5 weeks)", "cron(0 0 ? * 2-9 *)", "cron(0 0 5-3W * ? *)",
    ])
    func invalidScheduleIsRefused(_ expression: String) {
        let error = cfnError {
            _ = try StackSpec(Inputs.stack { _, function in function.schedule = Field(expression, "--schedule") })
        }
        #expect(error?.code == .invalidValue, "\(expression) was accepted")
        #expect(error?.message.hasPrefix("--schedule: '\(expression)' ") == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: [
        "rate(1 minute)", "rate(5 minutes)", "rate(1 day)", "rate(12 hours)", "cron(0 12 * * ? *)",
        "cron(0/15 * ? * MON-FRI *)", "cron(0 8 L * ? *)", "cron(0 10 ? * 6L 2027)", "cron(15 10 ? * 2#3 *)",
        "cron(0 9 15W * ? *)", "cron(0 0 1 JAN,JUL ? *)", "cron(5,35 14 * * ? 2026-2030)", "cron(0 18 ? * SUN-SAT *)",
        "cron(10-50/5 0-23/2 1-31 1-12 ? 1970-2199)",
    ])
    func validScheduleIsAccepted(_ expression: String) throws {
        _ = try StackSpec(Inputs.stack { _, function in function.schedule = Field(expression, "--schedule") })
    }

    // MARK: names two functions share

    static func twoFunctions(
        _ configure: (inout BridgedFunctionInput, inout BridgedFunctionInput) -> Void
    ) -> StackInput {
        var input = Inputs.stack()
        var first = input.functions[0]
        first.id = Field("First", "functions[0].id")
        first.name = "functions[0]"
        var second = BridgedFunctionInput()
        second.name = "functions[1]"
        second.app = Field("foo", "functions[1].app")
        second.function = Field("baz", "functions[1].function")
        configure(&first, &second)
        input.functions = [first, second]
        return input
    }

    static func route(_ route: String, function index: Int) -> FieldList {
        FieldList(
            name: "functions[\(index)].events.http",
            values: [Field(route, "functions[\(index)].events.http[0]")]
        )
    }

    @Test(
        arguments: [
            ("functions[1].events.s3.bucketName: 'uploads-1' is already the bucket of functions[0]", 0),
            ("functions[1].lambdaFunctionName: 'bridge-fn' is already the Lambda function name of functions[0]", 1),
            ("functions[1].modalRole.roleName: 'modal-role' is already the role name of functions[0]", 2),
            ("functions[1].events.http[0]: 'POST /x' is already a route of functions[0]", 3),
            ("functions[1].events.http[0]: 'GET /items/{key}' is already a route of functions[0]", 4),
        ]
    )
    func namesSharedByTwoFunctionsAreRefused(message: String, which: Int) {
        let input = Self.twoFunctions { first, second in
            switch which {
            case 0:
                first.s3 = S3EventInput(name: "functions[0].events.s3", events: .flag("x", []))
                first.s3?.bucketName = Field("uploads-1", "functions[0].events.s3.bucketName")
                second.s3 = S3EventInput(name: "functions[1].events.s3", events: .flag("x", []))
                second.s3?.bucketName = Field("uploads-1", "functions[1].events.s3.bucketName")
            case 1:
                first.lambdaFunctionName = Field("bridge-fn", "functions[0].lambdaFunctionName")
                second.lambdaFunctionName = Field("bridge-fn", "functions[1].lambdaFunctionName")
            case 2:
                first.modalRole.roleName = Field("modal-role", "functions[0].modalRole.roleName")
                second.modalRole.roleName = Field("modal-role", "functions[1].modalRole.roleName")
            case 3:
                first.httpRoutes = Self.route("POST /x", function: 0)
                second.httpRoutes = Self.route("POST /x", function: 1)
            default:
                // The same path with the parameter named differently is the same route for API Gateway.
                first.httpRoutes = Self.route("GET /items/{id}", function: 0)
                second.httpRoutes = Self.route("GET /items/{key}", function: 1)
            }
        }
        let error = cfnError { _ = try StackSpec(input) }
        #expect(error?.code == .conflictingValue, "\(error?.message ?? "no error")")
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func roleNamesDifferingInCaseAreTheSameRole() {
        let input = Self.twoFunctions { first, second in
            first.modalRole.roleName = Field("modal-role", "functions[0].modalRole.roleName")
            second.modalRole.roleName = Field("Modal-Role", "functions[1].modalRole.roleName")
        }
        let error = cfnError { _ = try StackSpec(input) }
        #expect(error?.message.hasPrefix("functions[1].modalRole.roleName: 'Modal-Role' is already") == true)
    }

    // MARK: descriptions

    @Test(arguments: ["no\u{00A0}break", "next\u{0085}line", "del\u{007F}", "euro €"])
    func roleDescriptionOutsideIAMPatternIsRefused(_ text: String) {
        let error = cfnError {
            _ = try Inputs.roleSpec { $0.description = Field(text, "--description") }
        }
        #expect(error?.code == .invalidValue, "'\(text)' was accepted")
        #expect(error?.message.hasPrefix("--description: ") == true)
        #expect(error?.message.contains("U+00A1–U+00FF") == true, "\(error?.message ?? "no error")")
    }

    @Test func roleDescriptionWithLatin1LettersIsAccepted() throws {
        _ = try Inputs.roleSpec { $0.description = Field("Rôle für Modal - ¡sí! ©", "--description") }
    }

    @Test func stackDescriptionIsLimitedTo1024Bytes() throws {
        let text = String(repeating: "é", count: 600)
        let error = cfnError {
            _ = try StackSpec(Inputs.stack { stack, _ in stack.description = Field(text, "--description") })
        }
        #expect(error?.message.hasPrefix("--description: ") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("1024 bytes") == true)
        _ = try StackSpec(
            Inputs.stack { stack, _ in stack.description = Field(String(repeating: "é", count: 512), "--description") }
        )
    }

    // MARK: inline policy size

    @Test func inlinePoliciesOverIAMsAggregateLimitAreRefused() {
        let buckets = (0..<40).map { "bucket-\($0)-" + String(repeating: "x", count: 50) }
        let error = cfnError {
            let spec = try Inputs.roleSpec { $0.s3Read = .flag("--s3-read", buckets) }
            _ = try RoleTemplate.make(spec, provider: .existing)
        }
        #expect(error?.code == .limitExceeded, "\(error?.message ?? "no error")")
        #expect(error?.message.hasPrefix("role: the inline policies are ") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("10240") == true)
    }

    @Test func stackModalRoleInlinePoliciesAreCheckedToo() {
        let buckets = (0..<40).map { "bucket-\($0)-" + String(repeating: "x", count: 50) }
        let error = cfnError {
            _ = try Inputs.stackJSON(
                Inputs.stack { _, function in function.modalRole.s3Read = .flag("--modal-s3-read", buckets) }
            )
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.hasPrefix("modal role: the inline policies are ") == true)
    }

    // MARK: external ARNs in another region or partition

    @Test func snsTopicOfAnotherRegionSubscribesThere() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var sns = SNSInput(name: "--sns")
                sns.topicARN = Field("arn:aws:sns:eu-west-1:123456789012:events", "--sns-topic-arn")
                function.sns = sns
            }
        )
        #expect(template[path: "Resources", "BarSubscription", "Properties", "Region"] == "eu-west-1")
        let rules = try #require(template["Rules"]?.objectValue)
        let rule = try #require(rules["BarTopicArnLocation"])
        let assertions = try #require(rule["Assertions"]?.arrayValue)
        #expect(
            assertions.contains {
                $0["Assert"] == ["Fn::Equals": [["Ref": "AWS::Partition"], "aws"]]
            }
        )
        #expect(
            assertions.contains {
                $0["Assert"] == ["Fn::Equals": [["Ref": "AWS::AccountId"], "123456789012"]]
            }
        )
    }

    @Test func externalQueueMustBeInTheStacksRegionAndAccount() throws {
        let template = try Inputs.stackJSON(
            Inputs.stack { _, function in
                var sqs = SQSInput(name: "--sqs")
                sqs.queueARN = Field("arn:aws:sqs:eu-west-1:123456789012:jobs", "--sqs-queue-arn")
                function.sqs = sqs
            }
        )
        let assertions = try #require(template[path: "Rules", "BarQueueArnLocation", "Assertions"]?.arrayValue)
        let asserted = assertions.compactMap { $0["Assert"] }
        #expect(asserted.contains(["Fn::Equals": [["Ref": "AWS::Region"], "eu-west-1"]]))
        #expect(asserted.contains(["Fn::Equals": [["Ref": "AWS::AccountId"], "123456789012"]]))
        #expect(asserted.contains(["Fn::Equals": [["Ref": "AWS::Partition"], "aws"]]))
    }

    // MARK: environment names

    @Test func oneCharacterEnvironmentIsAccepted() throws {
        let spec = try Inputs.roleSpec(environment: ["a"])
        #expect(
            spec.subjects.subPatterns == [
                "modal:workspace_id:ac-1:environment_name:a:app_name:foo:function_name:bar:container_id:*"
            ]
        )
        _ = try StackSpec(Inputs.stack { stack, _ in stack.environment = Field("a", "--environment") })
    }

    // MARK: configuration files

    @Test(
        arguments: [
            (
                #"{"workspace": "ac-1", "workspace": "ac-2", "functions": [{"app": "foo", "function": "bar"}]}"#,
                "workspace: is given twice in the configuration (JSON keys must be unique)"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "app": "x"}]}"#,
                "functions[0].app: is given twice in the configuration (JSON keys must be unique)"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "events": {"sqs": {"batchSize": 1, "batchSize": 2}}}]}"#,
                "functions[0].events.sqs.batchSize: is given twice in the configuration (JSON keys must be unique)"
            ),
        ]
    )
    func duplicateConfigKeysAreRefused(config: String, message: String) {
        let error = cfnError { _ = try StackTemplate.make(config: Array(config.utf8)) }
        #expect(error?.code == .invalidConfig)
        #expect(error?.message == message)
    }

    @Test func duplicateTagKeysInARoleConfigAreRefused() {
        let config =
            #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": "bar", "tags": {"a": "1", "a": "2"}}"#
        let error = cfnError { _ = try RoleTemplate.make(config: Array(config.utf8)) }
        #expect(error?.message == "tags.a: is given twice in the configuration (JSON keys must be unique)")
    }

    // MARK: the documented trust-policy capacity

    /// docs/cloudformation.md: "With a real 25-character workspace id (`ac-` + 22) and 64-character environment, app and function
    /// names, N functions fit the default": N fit, N + 1 do not.
    @Test func documentedTrustPolicyCapacityHoldsForARealWorkspaceID() throws {
        let readme = String(decoding: try RepositoryPaths.read("docs/cloudformation.md"), as: UTF8.self)
        let marker = "25-character workspace id (`ac-` + 22) and 64-character environment, app and function names, "
        let range = try #require(readme.range(of: marker), "docs/cloudformation.md lacks the capacity sentence")
        let words = readme[range.upperBound...].prefix { !$0.isWhitespace }
        let numbers = ["two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8]
        let claimed = try #require(numbers[String(words)], "docs/cloudformation.md claims '\(words)' functions")
        let workspace = "ac-" + String(repeating: "A", count: 22)
        let environment = "e" + String(repeating: "n", count: 63)
        let app = String(repeating: "a", count: 64)
        func names(_ count: Int) -> [String] {
            (0..<count).map { index in "f\(index)" + String(repeating: "x", count: 64 - "f\(index)".count) }
        }
        func fits(_ count: Int) -> Bool {
            cfnError {
                let spec = try Inputs.roleSpec(
                    workspace: workspace,
                    environment: [environment],
                    app: [app],
                    function: names(count)
                )
                _ = try RoleTemplate.make(spec, provider: .conditional(createByDefault: false))
            } == nil
        }
        #expect(fits(claimed), "\(claimed) functions do not fit")
        #expect(!fits(claimed + 1), "\(claimed + 1) functions fit too: docs/cloudformation.md undersells")
    }
}
