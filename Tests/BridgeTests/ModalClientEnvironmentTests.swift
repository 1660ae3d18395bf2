import Bridge
import LambdaRuntime
import ModalClient
import Testing

/// `ModalClientConfiguration(environment:)`, the bridge's parser of the Modal client's variables.
@Suite struct ModalClientEnvironmentTests {
    func configuration(_ values: [String: String]) throws(ConfigurationError) -> ModalClientConfiguration {
        try ModalClientConfiguration(environment: Environment(values))
    }

    @Test func defaultsAndValues() throws {
        let defaults = try configuration([:])
        #expect(defaults.serverURL == "https://api.modal.com:443")
        #expect(defaults.maxThrottleWait == nil)
        #expect(defaults.reconnectAfterIdle == .seconds(10))
        let custom = try configuration([
            "MODAL_SERVER_URL": " http://127.0.0.1:9000 ", "MODAL_MAX_THROTTLE_WAIT": "2.5",
        ])
        #expect(custom.serverURL == "http://127.0.0.1:9000")
        #expect(custom.maxThrottleWait == .seconds(2.5))
        #expect(try configuration(["MODAL_MAX_THROTTLE_WAIT": "0"]).maxThrottleWait == .zero)
    }

    @Test func reconnectAfterIdle() throws {
        #expect(try configuration(["MODAL_RECONNECT_AFTER_IDLE": "2.5"]).reconnectAfterIdle == .seconds(2.5))
        #expect(try configuration(["MODAL_RECONNECT_AFTER_IDLE": "0"]).reconnectAfterIdle == nil)
    }

    @Test(arguments: [
        ["MODAL_SERVER_URL": "grpc://api.modal.com"],
        ["MODAL_SERVER_URL": "unix:///tmp/modal.sock"],
        ["MODAL_SERVER_URL": "https://api.modal.com:0"],
        ["MODAL_SERVER_URL": "https://api.modal.com/v1"],
        ["MODAL_SERVER_URL": "https://:443"],
        ["MODAL_MAX_THROTTLE_WAIT": "-1"],
        ["MODAL_MAX_THROTTLE_WAIT": "soon"],
        ["MODAL_MAX_THROTTLE_WAIT": "nan"],
        ["MODAL_RECONNECT_AFTER_IDLE": "-1"],
        ["MODAL_RECONNECT_AFTER_IDLE": "86401"],
    ])
    func invalidValuesNameTheVariable(values: [String: String]) {
        let variable = values.keys.first ?? "?"
        #expect {
            _ = try configuration(values)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && error.errorType == "Config.Invalid" && error.message.contains(variable)
        }
    }
}
