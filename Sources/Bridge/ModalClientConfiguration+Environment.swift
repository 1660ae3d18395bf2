package import LambdaRuntime
package import ModalClient

extension ModalClientConfiguration {
    /// `MODAL_SERVER_URL` (default `https://api.modal.com:443`; `https://` or `http://` host and port),
    /// `MODAL_MAX_THROTTLE_WAIT` (seconds ≥ 0; unset = no limit) and `MODAL_RECONNECT_AFTER_IDLE` (seconds from 0 to
    /// 86400; `0` = never).
    package init(environment: Environment) throws(ConfigurationError) {
        self.init()
        if let url = environment["MODAL_SERVER_URL"] {
            do {
                _ = try ModalEndpoint(url: url, name: "MODAL_SERVER_URL")
            } catch {
                throw ConfigurationError(variable: "MODAL_SERVER_URL", message: error.message, underlying: error)
            }
            serverURL = url
        }
        if let seconds = try environment.value(
            "MODAL_MAX_THROTTLE_WAIT",
            Self.seconds(upTo: 86_400 * 365),
            problem: { "must be a number of seconds ≥ 0 (got '\($0)')" }
        ) {
            maxThrottleWait = .seconds(seconds)
        }
        if let seconds = try environment.value(
            "MODAL_RECONNECT_AFTER_IDLE",
            Self.seconds(upTo: 86_400),
            problem: { "must be a number of seconds from 0 to 86400 (got '\($0)')" }
        ) {
            reconnectAfterIdle = seconds == 0 ? nil : .seconds(seconds)
        }
    }

    /// A parser of a finite number of seconds from 0 to `limit` (fractions allowed).
    static func seconds(upTo limit: Double) -> (String) -> Double? {
        { text in Double(text).flatMap { $0.isFinite && $0 >= 0 && $0 <= limit ? $0 : nil } }
    }
}
