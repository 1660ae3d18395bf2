import CFNTemplates
import Foundation
import JSON
import TestSupport
import Testing

/// cfn-lint (pinned in scripts/requirements-test.txt) finds no error and no warning in any template the generator
/// makes (``TemplateCatalog``) nor in `infra/templates/`. One cfn-lint run covers them all.
@Suite("cfn-lint")
struct CFNLintTests {
    @Test func everyTemplateIsClean() async throws {
        let python = try PythonTools.interpreter()
        let folder = try PythonTools.temporaryFolder("lint")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (name, template) in try TemplateCatalog.all() {
            let file = folder.appendingPathComponent("\(name).json")
            try Data(try template.renderChecked()).write(to: file)
            files.append(file.path)
        }
        let infra = try TemplateCatalog.infraTemplates()
        #expect(infra.count >= 5)
        files += infra.map(\.path)
        let run = try await runCommand(
            python,
            ["-c", "import sys; from cfnlint.runner import main; sys.exit(main())", "--format", "json", "--"] + files,
            timeout: 300
        )
        let output = try JSONValue(parsing: Array(run.stdout.utf8))
        let findings = try #require(output.arrayValue, "cfn-lint printed no JSON list: \(run.stderr)")
        for finding in findings where finding["Level"]?.stringValue != "Informational" {
            let rule = finding[path: "Rule", "Id"]?.stringValue ?? "?"
            let file = finding["Filename"]?.stringValue ?? "?"
            Issue.record("cfn-lint \(rule) in \(file): \(finding["Message"]?.stringValue ?? "")")
        }
        #expect(
            run.status == 0 || findings.allSatisfy { $0["Level"] == "Informational" },
            "cfn-lint failed: \(run.stderr)"
        )
        #expect(files.count >= 15)
    }

    /// The linter is wired up: a broken template does get reported.
    @Test func aBrokenTemplateIsReported() async throws {
        let python = try PythonTools.interpreter()
        let folder = try PythonTools.temporaryFolder("lint-broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        var template = Template(description: "broken")
        try template.add(
            resource: TemplateResource(type: "AWS::IAM::Role", properties: ["MaxSessionDuration": 60]),
            as: try LogicalID("Role")
        )
        let file = folder.appendingPathComponent("broken.json")
        try Data(template.rendered()).write(to: file)
        let run = try await runCommand(
            python,
            [
                "-c", "import sys; from cfnlint.runner import main; sys.exit(main())", "--format", "json", "--",
                file.path,
            ]
        )
        let findings = try JSONValue(parsing: Array(run.stdout.utf8)).arrayValue ?? []
        #expect(findings.contains { $0["Level"] == "Error" })
    }
}
