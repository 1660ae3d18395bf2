import CFNTemplates
import JSON
import Testing

@Suite("Configuration files")
struct ConfigFileTests {
    static let stackBase =
        #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar"}]}"#

    static func stackError(_ text: String) -> CFNError? {
        cfnError { _ = try StackTemplate.make(config: Array(text.utf8)) }
    }

    static func roleError(_ text: String) -> CFNError? {
        cfnError { _ = try RoleTemplate.make(config: Array(text.utf8)) }
    }

    @Test(
        arguments: [
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "evnts": {}}]}"#,
                "functions[0].evnts: unknown key; expected one of id, app, function"
            ),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "timeout": "30"}]}"#,
                "functions[0].timeout: must be an integer"
            ),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "timeout": 30.5}]}"#,
                "functions[0].timeout: must be an integer"
            ),
            (#"{"workspace": "ac-1", "functions": {}}"#, "functions: must be a list of objects"),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "events": {"sqs": "yes"}}]}"#,
                "functions[0].events.sqs: must be a JSON object"
            ),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "events": {"s3": {"prefixx": "a"}}}]}"#,
                "functions[0].events.s3.prefixx: unknown key"
            ),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar", "modalRole": {"workspace": "ac-2"}}]}"#,
                "functions[0].modalRole.workspace: unknown key"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar"}, {"app": "a:b", "function": "x"}]}"#,
                "functions[1].app: 'a:b' must not contain ':'"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "events": {"s3": {"events": ["s3:ObjectCreated:*", "s3:Bad"]}}}]}"#,
                "functions[0].events.s3.events[1]: 's3:Bad' must be an S3 event type"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "events": {"http": ["POST x"]}}]}"#,
                "functions[0].events.http[0]: 'POST x' must be 'METHOD /path'"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "modalRole": {"roleName": "a b"}}]}"#,
                "functions[0].modalRole.roleName: 'a b' must be 1–64"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": [{"app": "foo", "function": "bar", "architecture": "arm64"}, {"app": "foo", "function": "baz"}]}"#,
                "functions[1]: 'x86_64' differs from 'arm64'"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "functions": []}"#,
                "functions: missing; a stack bridges at least one Modal function"
            ),
            (#"{"environment": "main", "functions": [{"app": "foo", "function": "bar"}]}"#, "workspace: missing;"),
            (
                #"{"workspace": "ac-1", "functions": [{"app": "foo", "function": "bar"}]}"#,
                "functions[0].environment: missing;"
            ),
            ("[1, 2]", "configuration: must be a JSON object"),
            (#"{"workspace": "ac-1""#, "configuration: not valid JSON"),
        ]
    )
    func stackConfigErrorsNameThePath(config: String, message: String) {
        let error = Self.stackError(config)
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": 3}"#,
                "function: must be a string or a list of strings"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": ["bar", 3]}"#,
                "function[1]: must be a string"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": "bar", "tags": {"team": 1}}"#,
                "tags.team: must be a string"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": "bar", "tags": {"aws:x": "1"}}"#,
                "tags.aws:x: 'aws:x=1' must be KEY=VALUE"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": "bar", "existingProvider": "yes"}"#,
                "existingProvider: must be true or false"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": "foo", "function": "bar", "rolename": "x"}"#,
                "rolename: unknown key; expected one of workspace, environment, app, function, scope, roleName"
            ),
            (
                #"{"workspace": "ac-1", "environment": "main", "app": ["foo", "zed"], "function": "bar"}"#,
                "app[1]: give exactly one app"
            ),
        ]
    )
    func roleConfigErrorsNameThePath(config: String, message: String) {
        let error = Self.roleError(config)
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test func configAndFlagsMakeTheSameStack() throws {
        let config = #"""
            {"workspace": "ac-1", "environment": "main", "secretName": "modal/token", "functions": [{
              "app": "foo", "function": "bar", "integrationPattern": "remote", "parameters": {"a": [1, 2.50]},
              "events": {"sqs": true, "sns": {}, "http": "POST /bar", "schedule": "rate(1 day)",
                         "s3": {"events": "s3:ObjectCreated:*", "modalAccess": "none"}},
              "modalRole": {"s3Read": "b-bucket", "tags": {"team": "ml"}}}]}
            """#
        let fromConfig = try StackTemplate.make(config: Array(config.utf8)).rendered()
        let input = Inputs.stack { stack, function in
            stack.secretName = Field("modal/token", "--secret-name")
            function.integrationPattern = Field("remote", "--integration-pattern")
            function.parameters = Field(try! JSONValue.parse(#"{"a": [1, 2.50]}"#), "--parameters")
            function.sqs = SQSInput(name: "--sqs")
            function.sns = SNSInput(name: "--sns")
            function.httpRoutes = .flag("--http-route", ["POST /bar"])
            function.schedule = Field("rate(1 day)", "--schedule")
            var s3 = S3EventInput(name: "--s3", events: .flag("--s3-event", ["s3:ObjectCreated:*"]))
            s3.modalAccess = Field("none", "--s3-modal-access")
            function.s3 = s3
            function.modalRole.s3Read = .flag("--modal-s3-read", ["b-bucket"])
            function.modalRole.tags = [TagInput(key: Field("team", "--modal-tag"), value: "ml")]
        }
        let fromFlags = try StackTemplate.make(try StackSpec(input)).rendered()
        #expect(String(decoding: fromConfig, as: UTF8.self) == String(decoding: fromFlags, as: UTF8.self))
        // Numbers keep their text in PARAMETERS.
        #expect(String(decoding: fromConfig, as: UTF8.self).contains(#""PARAMETERS": "{\"a\":[1,2.50]}""#))
    }
}
