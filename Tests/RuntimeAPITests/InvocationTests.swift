import NIOHTTP1
import RuntimeAPI
import TestSupport
import Testing

@Suite struct InvocationTests {
    private func headers(_ pairs: [(String, String)]) -> HTTPHeaders { HTTPHeaders(pairs) }

    private let full: [(String, String)] = [
        ("Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
        ("Lambda-Runtime-Deadline-Ms", "1542409706888"),
        ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime"),
        ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
        ("Lambda-Runtime-Client-Context", #"{"client":{"app_title":"x"}}"#),
        ("Lambda-Runtime-Cognito-Identity", #"{"cognitoIdentityId":"id"}"#),
        ("Lambda-Runtime-Aws-Tenant-Id", "tenant-1"),
    ]

    @Test func parsesEveryHeader() throws {
        let invocation = try Invocation(
            headers: headers(full),
            event: Array("{}".utf8),
            receivedAtEpochMilliseconds: 1_542_409_700_000
        )
        #expect(invocation.requestID == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect(invocation.deadlineEpochMilliseconds == 1_542_409_706_888)
        #expect(invocation.invokedFunctionARN == "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime")
        #expect(invocation.traceID == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
        #expect(invocation.clientContext == #"{"client":{"app_title":"x"}}"#)
        #expect(invocation.cognitoIdentity == #"{"cognitoIdentityId":"id"}"#)
        #expect(invocation.tenantID == "tenant-1")
        #expect(invocation.event == Array("{}".utf8))
    }

    @Test func deadlineArithmetic() throws {
        let invocation = try Invocation(headers: headers(full), event: [], receivedAtEpochMilliseconds: 0)
        #expect(invocation.remainingMilliseconds(atEpochMilliseconds: 1_542_409_700_000) == 6888)
        #expect(invocation.remainingMilliseconds(atEpochMilliseconds: 1_542_409_706_888) == 0)
        #expect(invocation.remainingMilliseconds(atEpochMilliseconds: 1_542_409_707_000) == -112)
    }

    @Test func durationStyleDeadlineFromEmulatorsIsRelativeToReceipt() throws {
        var pairs = full
        pairs[1] = ("Lambda-Runtime-Deadline-Ms", "600000")  // cargo-lambda sends the timeout, not an epoch
        let invocation = try Invocation(
            headers: headers(pairs),
            event: [],
            receivedAtEpochMilliseconds: 1_700_000_000_000
        )
        #expect(invocation.deadlineEpochMilliseconds == 1_700_000_600_000)
    }

    @Test func optionalHeadersMayBeAbsent() throws {
        let invocation = try Invocation(
            headers: headers(Array(full.prefix(2))),
            event: [],
            receivedAtEpochMilliseconds: 0
        )
        #expect(invocation.traceID == nil)
        #expect(invocation.clientContext == nil)
        #expect(invocation.cognitoIdentity == nil)
        #expect(invocation.tenantID == nil)
        #expect(invocation.invokedFunctionARN == "")
    }

    @Test func missingRequestIDIsAClearError() {
        do throws(RuntimeAPIError) {
            _ = try Invocation(headers: headers(Array(full.dropFirst())), event: [], receivedAtEpochMilliseconds: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingHeader)
            #expect(error.message.contains("Lambda-Runtime-Aws-Request-Id"))
            #expect(error.requestID == nil)
        }
    }

    @Test func missingDeadlineNamesTheRequest() {
        do throws(RuntimeAPIError) {
            _ = try Invocation(
                headers: headers(full.filter { $0.0 != "Lambda-Runtime-Deadline-Ms" }),
                event: [],
                receivedAtEpochMilliseconds: 0
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingHeader)
            #expect(error.message.contains("Lambda-Runtime-Deadline-Ms"))
            #expect(error.requestID == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        }
    }

    @Test(arguments: ["soon", "-5", "1.5e12", ""])
    func malformedDeadline(value: String) {
        var pairs = full
        pairs[1] = ("Lambda-Runtime-Deadline-Ms", value)
        #expect(throws: RuntimeAPIError.self) {
            try Invocation(headers: headers(pairs), event: [], receivedAtEpochMilliseconds: 0)
        }
    }

    @Test func requestIDThatWouldBreakTheURLIsRejected() {
        var pairs = full
        pairs[0] = ("Lambda-Runtime-Aws-Request-Id", "../../init/error")
        #expect(throws: RuntimeAPIError.self) {
            try Invocation(headers: headers(pairs), event: [], receivedAtEpochMilliseconds: 0)
        }
    }

    /// The NIO-free reading (what `fuzz-runtime-headers` exercises) and the one over NIO's `HTTPHeaders` agree:
    /// same fields, or the same error, for reordered, duplicated, re-cased and malformed headers.
    @Test func headerFieldsAndHTTPHeadersReadTheSame() {
        var generator = SeededGenerator(seed: 0xD_EAD1)
        let names = full.map(\.0) + ["lambda-runtime-aws-request-id", "LAMBDA-RUNTIME-DEADLINE-MS", "X-Other"]
        let values = full.map(\.1) + ["", " 1542409706888 ", "600000", "a/b", "soon", "ſ", "-1"]
        for _ in 0..<500 {
            let pairs = (0..<Int.random(in: 0...9, using: &generator)).map { _ in
                (names.randomElement(using: &generator) ?? "", values.randomElement(using: &generator) ?? "")
            }
            let viaFields = Result { () throws(RuntimeAPIError) in
                try Invocation(
                    headerFields: pairs.map { (name: $0.0, value: $0.1) },
                    event: [],
                    receivedAtEpochMilliseconds: 1_700_000_000_000
                )
            }
            let viaNIO = Result { () throws(RuntimeAPIError) in
                try Invocation(headers: headers(pairs), event: [], receivedAtEpochMilliseconds: 1_700_000_000_000)
            }
            switch (viaFields, viaNIO) {
            case (.success(let left), .success(let right)):
                #expect(Self.fields(left) == Self.fields(right), "\(pairs)")
            case (.failure(let left), .failure(let right)):
                #expect(left.code == right.code && left.message == right.message, "\(pairs)")
            default:
                Issue.record("one reading failed and the other did not: \(pairs)")
            }
        }
    }

    private static func fields(_ invocation: Invocation) -> [String?] {
        [
            invocation.requestID, String(invocation.deadlineEpochMilliseconds), invocation.invokedFunctionARN,
            invocation.traceID, invocation.clientContext, invocation.cognitoIdentity, invocation.tenantID,
        ]
    }
}
