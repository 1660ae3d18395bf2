/// A validated bridged function.
package struct BridgedFunctionSpec: Sendable {
    package enum IntegrationPattern: String, Sendable, CaseIterable {
        case spawn
        case remote
    }

    package enum DispatchMode: String, Sendable, CaseIterable {
        case event
        case record
    }

    package var id: LogicalID
    package var app: ModalAppName
    package var function: ModalFunctionName
    package var environment: ModalEnvironmentName
    package var integrationPattern: IntegrationPattern
    package var dispatchMode: DispatchMode
    /// `PARAMETERS`: a JSON object, compact.
    package var parameters: String
    package var memorySize: Int
    package var timeout: Int
    package var architecture: String
    package var lambdaFunctionName: String?
    package var sqs: SQSSource?
    package var s3: S3EventSource?
    package var sns: SNSSource?
    /// Kinesis and DynamoDB stream sources (each an event source mapping on an existing stream).
    package var streams: [StreamSource]
    package var httpRoutes: [HTTPRoute]
    package var schedule: ScheduleSource?
    package var functionURL: FunctionURLSource?
    /// Set when the function has an asynchronous source (S3, SNS, EventBridge).
    package var async: AsyncInvokeConfig?
    package var reservedConcurrency: Int?
    /// The CloudWatch namespace of the bridge's EMF metrics (`nil`: the bridge publishes none).
    package var metricsNamespace: String?
    package var modalRole: ModalRoleSpec
    package var name: String
    /// The field that sets ``id`` (reported when ids clash).
    package var idName: String
}
