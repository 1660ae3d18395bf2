import CFNTemplates
import Foundation
import TestSupport
import Testing

/// `infra/templates/` holds what `make infra` generates from `infra/config/`; this fails when they drift.
@Suite("infra/ is current")
struct InfraDriftTests {
    static func configs() throws -> [String] {
        let folder = RepositoryPaths.infra.appendingPathComponent("config")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted()
    }

    @Test func everyConfigHasItsCurrentTemplate() throws {
        let names = try Self.configs()
        #expect(names.count >= 4)
        for name in names {
            let config = try RepositoryPaths.read("infra/config/\(name)")
            let template: Template
            if name.hasSuffix(".role.json") {
                template = try RoleTemplate.make(config: config)
            } else {
                #expect(
                    name.hasSuffix(".stack.json"),
                    "infra/config/\(name): name it NAME.role.json or NAME.stack.json"
                )
                template = try StackTemplate.make(config: config)
            }
            let committed = try? RepositoryPaths.read("infra/templates/\(name)")
            #expect(committed == (try template.renderChecked()), "infra/templates/\(name) is stale: run `make infra`")
        }
        let provider = try? RepositoryPaths.read("infra/templates/oidc-provider.json")
        #expect(
            provider == (try OIDCProviderTemplate.make().renderChecked()),
            "infra/templates/oidc-provider.json is stale: run `make infra`"
        )
    }

    @Test func noTemplateWithoutAConfig() throws {
        let expected = Set(try Self.configs() + ["oidc-provider.json"])
        let present = Set(try TemplateCatalog.infraTemplates().map(\.lastPathComponent))
        #expect(present == expected, "infra/templates/ has files no config generates: run `make infra`")
    }
}
