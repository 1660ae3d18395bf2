import Bridge
import LambdaRuntime
import Testing

@Suite struct MetricsConfigurationTests {
    private func configuration(_ changes: [String: String]) throws(ConfigurationError) -> BridgeConfiguration {
        var environment = BridgeConfigurationTests.base
        environment["AWS_LAMBDA_FUNCTION_NAME"] = "orders-bridge"
        environment.merge(changes) { _, new in new }
        return try BridgeConfiguration(environment: environment)
    }

    /// The variable a configuration error names.
    private func failure(_ changes: [String: String]) -> String? {
        do throws(ConfigurationError) {
            _ = try configuration(changes)
            return nil
        } catch {
            #expect(error.errorType == "Config.Invalid")
            #expect(error.errorMessage.hasPrefix(error.variable))
            return error.variable
        }
    }

    @Test func offByDefaultAndWhenSaidSo() throws {
        #expect(try configuration([:]).metrics == nil)
        #expect(try configuration(["MODAL_BRIDGE_METRICS": "off"]).metrics == nil)
        #expect(try configuration(["MODAL_BRIDGE_METRICS": " OFF "]).metrics == nil)
        #expect(try configuration(["MODAL_BRIDGE_METRICS": ""]).metrics == nil)
    }

    @Test func emfHasTheDocumentedDefaults() throws {
        let metrics = try #require(try configuration(["MODAL_BRIDGE_METRICS": "emf"]).metrics)
        #expect(metrics.namespace == "ModalBridge")
        #expect(metrics.dimensionSets == [[.functionName, .source, .call], [.functionName]])
        #expect(metrics.functionName == "orders-bridge")
        #expect(try configuration(["MODAL_BRIDGE_METRICS": "EMF"]).metrics != nil)
    }

    @Test(arguments: ["on", "true", "1", "cloudwatch", "emf,off"])
    func anyOtherSwitchValueFailsInit(value: String) {
        #expect(failure(["MODAL_BRIDGE_METRICS": value]) == "MODAL_BRIDGE_METRICS")
    }

    @Test func theFunctionNameIsRequiredWhenOn() {
        var environment = BridgeConfigurationTests.base
        environment["MODAL_BRIDGE_METRICS"] = "emf"
        #expect(throws: ConfigurationError.self) { try BridgeConfiguration(environment: environment) }
        environment["MODAL_BRIDGE_METRICS"] = nil
        #expect(throws: Never.self) { try BridgeConfiguration(environment: environment) }
        #expect(
            failure(["MODAL_BRIDGE_METRICS": "emf", "AWS_LAMBDA_FUNCTION_NAME": " "]) == "AWS_LAMBDA_FUNCTION_NAME"
        )
    }

    @Test(arguments: ["Acme/Orders", "my app.v2", "a_b-c#d:e", String(repeating: "n", count: 255)])
    func validNamespaces(namespace: String) throws {
        let metrics = try configuration(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_METRICS_NAMESPACE": namespace])
            .metrics
        #expect(metrics?.namespace == namespace)
    }

    @Test(arguments: [
        "AWS/Lambda", "aws/custom", ":leading", "ünicode", "semi;colon", "tab\there", "{json}",
        String(repeating: "n", count: 256),
    ])
    func invalidNamespacesFailInit(namespace: String) {
        let variable = failure(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_METRICS_NAMESPACE": namespace])
        #expect(variable == "MODAL_BRIDGE_METRICS_NAMESPACE")
    }

    @Test func dimensionSetsAreParsedAndFunctionNameIsAlwaysAmongThem() throws {
        func sets(_ text: String) throws -> [[MetricsConfiguration.Dimension]]? {
            try configuration(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_METRICS_DIMENSIONS": text]).metrics?
                .dimensionSets
        }
        #expect(
            try sets("FunctionName, Source ,Mode ; FunctionName") == [
                [.functionName, .source, .mode], [.functionName],
            ]
        )
        #expect(try sets("Source,Call") == [[.source, .call], [.functionName]])
        #expect(
            try sets("FunctionName,Call,Mode,Source") == [[.functionName, .call, .mode, .source], [.functionName]]
        )
    }

    @Test(arguments: [
        "FunctionName,RequestId", "functionname", "Source,,Call", "Source;", ";", "Source,Source", "Source;Source",
        "FunctionName;Bucket",
    ])
    func invalidDimensionsFailInit(text: String) {
        let variable = failure(["MODAL_BRIDGE_METRICS": "emf", "MODAL_BRIDGE_METRICS_DIMENSIONS": text])
        #expect(variable == "MODAL_BRIDGE_METRICS_DIMENSIONS")
    }

    @Test func metricVariablesAreIgnoredWhenOff() throws {
        let configuration = try configuration([
            "MODAL_BRIDGE_METRICS_NAMESPACE": "AWS/Lambda", "MODAL_BRIDGE_METRICS_DIMENSIONS": "Nope",
        ])
        #expect(configuration.metrics == nil)
    }
}
