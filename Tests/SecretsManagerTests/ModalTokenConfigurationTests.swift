import SecretsManager
import Testing

@Suite("Modal token configuration")
struct ModalTokenConfigurationTests {
    func error(_ environment: [String: String]) -> SecretsManagerError? {
        do {
            _ = try ModalTokenConfiguration(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func secretARNWithDefaults() throws {
        let configuration = try ModalTokenConfiguration(environment: ["MODAL_SECRET_ARN": "arn:aws:secretsmanager:x"])
        guard case .secretsManager(let secretID) = configuration.source else {
            Issue.record("expected the Secrets Manager source")
            return
        }
        #expect(secretID == "arn:aws:secretsmanager:x")
        #expect(configuration.tokenIDKey == "MODAL_TOKEN_ID")
        #expect(configuration.tokenSecretKey == "MODAL_TOKEN_SECRET")
        #expect(configuration.cacheTTL == .seconds(300))
        #expect(configuration.gracePeriod == .seconds(900))
    }

    @Test func customKeysAndTimes() throws {
        let configuration = try ModalTokenConfiguration(environment: [
            "MODAL_SECRET_ARN": "modal/token", "MODAL_TOKEN_ID_KEY": "id", "MODAL_TOKEN_SECRET_KEY": "secret",
            "MODAL_TOKEN_CACHE_TTL_SECONDS": "0", "MODAL_TOKEN_GRACE_SECONDS": "60",
        ])
        #expect(configuration.tokenIDKey == "id")
        #expect(configuration.tokenSecretKey == "secret")
        #expect(configuration.cacheTTL == .zero)
        #expect(configuration.gracePeriod == .seconds(60))
    }

    @Test func directTokensWin() throws {
        let configuration = try ModalTokenConfiguration(environment: [
            "MODAL_SECRET_ARN": "modal/token", "MODAL_TOKEN_ID": "ak-local", "MODAL_TOKEN_SECRET": "as-local",
        ])
        guard case .direct(let credentials) = configuration.source else {
            Issue.record("expected the direct source")
            return
        }
        #expect(credentials == ModalCredentials(tokenID: "ak-local", tokenSecret: "as-local"))
        #expect(!"\(configuration)".contains("as-local"))
        #expect(!"\(configuration)".contains("ak-local"))
        #expect(!"\(credentials)".contains("local"))
    }

    @Test(arguments: [
        (["MODAL_TOKEN_ID": "ak-x"], "MODAL_TOKEN_SECRET"),
        (["MODAL_TOKEN_SECRET": "as-x"], "MODAL_TOKEN_ID"),
        (["MODAL_TOKEN_ID": "token-id", "MODAL_TOKEN_SECRET": "as-x"], "MODAL_TOKEN_ID"),
        (["MODAL_TOKEN_ID": "ak-x", "MODAL_TOKEN_SECRET": "ws-x"], "MODAL_TOKEN_SECRET"),
        ([:], "MODAL_SECRET_ARN"),
        (["MODAL_SECRET_ARN": "a b"], "MODAL_SECRET_ARN"),
        (["MODAL_SECRET_ARN": "x", "MODAL_TOKEN_CACHE_TTL_SECONDS": "5m"], "MODAL_TOKEN_CACHE_TTL_SECONDS"),
        (["MODAL_SECRET_ARN": "x", "MODAL_TOKEN_CACHE_TTL_SECONDS": "-1"], "MODAL_TOKEN_CACHE_TTL_SECONDS"),
        (["MODAL_SECRET_ARN": "x", "MODAL_TOKEN_GRACE_SECONDS": "86401"], "MODAL_TOKEN_GRACE_SECONDS"),
    ])
    func invalidNamesTheVariable(environment: [String: String], variable: String) {
        let error = error(environment)
        #expect(error?.errorType == "Config.Invalid")
        #expect(error?.message.hasPrefix(variable) == true, "\(String(describing: error))")
        #expect(error.map { "\($0)".contains("ws-x") || "\($0)".contains("token-id") } == false)
    }
}
