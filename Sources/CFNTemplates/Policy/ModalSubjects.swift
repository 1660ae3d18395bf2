/// How much of Modal a role trusts: every function of a workspace, an environment, an app, or named functions.
package enum ModalScope: String, Sendable, Hashable, CaseIterable {
    case workspace
    case environment
    case app
    case function

    /// Depth in the sub claim: workspace 0 … function 3.
    var rank: Int {
        switch self {
        case .workspace: 0
        case .environment: 1
        case .app: 2
        case .function: 3
        }
    }
}

/// The validated identities a role trusts, and the `oidc.modal.com:sub` patterns that express them.
///
/// Every field of a pattern is anchored by the `:` that follows it, and the pattern names the field after it, so
/// a value can only ever match that exact field (reference §5.3, §5.5):
/// - function: `modal:workspace_id:W:environment_name:E:app_name:A:function_name:F:container_id:*`
/// - app: `modal:workspace_id:W:environment_name:E:app_name:A:function_name:*`
/// - environment: `modal:workspace_id:W:environment_name:E:app_name:*`
/// - workspace: `modal:workspace_id:W:environment_name:*`
///
/// The scope's own field is repeatable (several functions of one app, several apps of one environment, …); the
/// fields above it take exactly one value, the fields below it none.
package struct ModalSubjects: Sendable, Hashable {
    package let scope: ModalScope
    package let workspace: ModalWorkspaceID
    package let environments: [ModalEnvironmentName]
    package let apps: [ModalAppName]
    package let functions: [ModalFunctionName]

    /// Validates the inputs for `scope`.
    package init(
        scope: ModalScope,
        workspace: Field<String>?,
        workspaceName: String,
        environments: FieldList,
        apps: FieldList,
        functions: FieldList
    ) throws(CFNError) {
        guard let workspace else {
            throw .missing(
                workspaceName,
                "every role is pinned to one Modal workspace id (ac-…): the audience oidc.modal.com is the same for "
                    + "every Modal customer, so a trust policy without it would let any Modal user assume the role"
            )
        }
        self.scope = scope
        self.workspace = try ModalWorkspaceID(workspace)
        let levels: [(list: FieldList, level: ModalScope)] = [
            (environments, .environment), (apps, .app), (functions, .function),
        ]
        for (list, level) in levels {
            try Self.checkCount(list, level: level, scope: scope)
        }
        self.environments = try environments.validated(ModalEnvironmentName.init)
        self.apps = try apps.validated(ModalAppName.init)
        self.functions = try functions.validated(ModalFunctionName.init)
        for (name, field) in zip(self.functions, functions.values) {
            if let service = name.classService {
                throw .invalid(
                    field.name,
                    field.value,
                    "is a method of class '\(name.value.prefix { $0 != "." })': the containers of a Modal class present "
                        + "function_name '\(service)' in their OIDC sub, so a role for one method could never be "
                        + "assumed; trust the class service '\(service)' instead"
                )
            }
        }
    }

    private static func checkCount(_ list: FieldList, level: ModalScope, scope: ModalScope) throws(CFNError) {
        let levelRank = level.rank
        let scopeRank = scope.rank
        if levelRank > scopeRank {
            if let first = list.values.first {
                throw .conflicting(
                    first.name,
                    "not allowed with scope '\(scope.rawValue)', which already trusts every \(level.rawValue) "
                        + "below it; choose scope '\(level.rawValue)' to name \(level.rawValue)s"
                )
            }
        } else if levelRank == scopeRank {
            if list.isEmpty {
                throw .missing(list.name, "scope '\(scope.rawValue)' needs at least one \(level.rawValue)")
            }
        } else {
            if list.isEmpty { throw .missing(list.name, "scope '\(scope.rawValue)' needs the \(level.rawValue)") }
            if list.values.count > 1 {
                throw .conflicting(
                    list.values[1].name,
                    "give exactly one \(level.rawValue) for scope '\(scope.rawValue)' (only the scope's own field "
                        + "repeats; use one role per \(level.rawValue))"
                )
            }
        }
    }

    /// `modal:workspace_id:W:`, the prefix every pattern starts with.
    package var workspacePrefix: String {
        "modal:workspace_id:\(ModalNameRules.escapedForStringLike(workspace.value)):"
    }

    /// The `StringLike` values for `oidc.modal.com:sub`, in input order.
    package var subPatterns: [String] {
        let base = workspacePrefix + "environment_name:"
        let escaped = ModalNameRules.escapedForStringLike
        switch scope {
        case .workspace:
            return [base + "*"]
        case .environment:
            return environments.map { base + escaped($0.value) + ":app_name:*" }
        case .app:
            let prefix = base + escaped(environments[0].value) + ":app_name:"
            return apps.map { prefix + escaped($0.value) + ":function_name:*" }
        case .function:
            let prefix =
                base + escaped(environments[0].value) + ":app_name:" + escaped(apps[0].value) + ":function_name:"
            return functions.map { prefix + $0.patternText + ":container_id:*" }
        }
    }
}
