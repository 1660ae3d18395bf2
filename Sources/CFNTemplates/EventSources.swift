/// A validated SQS event source.
package struct SQSSource: Sendable, Hashable {
    package var queueARN: String?
    package var batchSize: Int
    package var maximumBatchingWindow: Int
    package var maxReceiveCount: Int

    init(_ input: SQSInput) throws(CFNError) {
        queueARN = try input.queueARN.map { field throws(CFNError) in
            try AWSNameRules.regionalARN(field, service: "sqs") { name in
                let base = name.hasSuffix(".fifo") ? name.dropLast(5) : name
                return (1...80).contains(base.utf8.count)
                    && base.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
            }
        }
        let isFIFO = queueARN?.hasSuffix(".fifo") ?? false
        batchSize = try input.batchSize.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 1...(isFIFO ? 10 : 10_000), "messages per batch")
        } ?? 10
        maximumBatchingWindow = try input.maximumBatchingWindow.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 0...300, "seconds to gather a batch")
        } ?? 0
        if batchSize > 10, maximumBatchingWindow < 1, let field = input.batchSize {
            throw .invalid(field.name, String(batchSize), "needs a batching window of at least 1 second when over 10 (Lambda rule)")
        }
        if let field = input.maxReceiveCount, queueARN != nil {
            throw .conflicting(field.name, "applies only to a queue this stack creates (the existing queue keeps its redrive policy)")
        }
        maxReceiveCount = try input.maxReceiveCount.map { field throws(CFNError) in
            try AWSNameRules.integer(field, in: 1...1_000, "receives before a message goes to the dead-letter queue")
        } ?? 5
    }
}

/// A validated S3 event source.
package struct S3EventSource: Sendable, Hashable {
    package static let eventTypes: Set<String> = [
        "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
        "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
        "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post",
        "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete", "s3:ObjectTagging:*", "s3:ObjectTagging:Put",
        "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put", "s3:LifecycleExpiration:*", "s3:LifecycleTransition",
        "s3:IntelligentTiering", "s3:Replication:*", "s3:ReducedRedundancyLostObject",
    ]

    package var bucketName: String?
    package var events: [String]
    package var prefix: String?
    package var suffix: String?
    package var modalAccess: S3Grant.Access?

    init(_ input: S3EventInput) throws(CFNError) {
        bucketName = try input.bucketName.map(AWSNameRules.bucketName)
        events = try input.events.validated { field throws(CFNError) in
            guard Self.eventTypes.contains(field.value) else {
                throw .invalid(field.name, field.value, "must be an S3 event type such as s3:ObjectCreated:* (see the S3 notification docs)")
            }
            return field.value
        }
        if events.isEmpty { events = ["s3:ObjectCreated:*"] }
        prefix = try input.prefix.map(Self.filterValue)
        suffix = try input.suffix.map(Self.filterValue)
        switch input.modalAccess?.value {
        case nil, "read": modalAccess = .read
        case "read-write": modalAccess = .readWrite
        case "none": modalAccess = nil
        case let other?: throw .invalid(input.modalAccess!.name, other, "must be read, read-write or none")
        }
    }

    private static func filterValue(_ field: Field<String>) throws(CFNError) -> String {
        guard (1...1_024).contains(field.value.utf8.count),
            field.value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && !"*?$\\{}".unicodeScalars.contains($0) })
        else {
            throw .invalid(field.name, field.value, "must be 1–1024 printable ASCII characters without spaces, wildcards, '$', '{', '}' or '\\'")
        }
        return field.value
    }
}

/// A validated HTTP API (v2) route: `METHOD /path`.
package struct HTTPRoute: Sendable, Hashable {
    package static let methods: Set<String> = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    package static let rule =
        "must be 'METHOD /path' with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and a path of "
        + "segments of letters, digits and - . _ ~, or {name}, or a final {name+}"

    package var method: String
    package var path: String

    init(_ field: Field<String>) throws(CFNError) {
        let parts = field.value.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, Self.methods.contains(String(parts[0])), Self.isPath(parts[1]) else {
            throw .invalid(field.name, field.value, Self.rule)
        }
        method = String(parts[0])
        path = String(parts[1])
    }

    private static func isPath(_ path: Substring) -> Bool {
        guard path.hasPrefix("/") else { return false }
        if path == "/" { return true }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        let plain = Set("-._~".utf8)
        for (index, segment) in segments.enumerated() {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                var name = segment.dropFirst().dropLast()
                if name.hasSuffix("+") {
                    guard index == segments.count - 1 else { return false }
                    name = name.dropLast()
                }
                guard !name.isEmpty, name.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") }) else { return false }
            } else if segment.isEmpty || !segment.utf8.allSatisfy({ $0.isASCIIAlphanumeric || plain.contains($0) }) {
                return false
            }
        }
        return true
    }

    package var routeKey: String { "\(method) \(path)" }

    /// The part of the `execute-api` ARN after the stage: `METHOD/path` with `*` for ANY and path parameters.
    var sourceARNSuffix: String {
        let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? "*" : String($0) }
        return (method == "ANY" ? "*" : method) + "/" + segments.joined(separator: "/")
    }
}

/// A validated EventBridge schedule expression.
package struct ScheduleSource: Sendable, Hashable {
    package static let rule =
        "must be rate(N minute|minutes|hour|hours|day|days) (singular only for 1) or cron(six fields)"

    package var expression: String

    init(_ field: Field<String>) throws(CFNError) {
        let value = field.value
        if value.hasPrefix("rate("), value.hasSuffix(")") {
            let inner = value.dropFirst(5).dropLast().split(separator: " ", omittingEmptySubsequences: false)
            guard inner.count == 2, let count = Int(inner[0]), count >= 1, String(count) == inner[0] else {
                throw .invalid(field.name, value, Self.rule)
            }
            let unit = String(inner[1])
            let units = count == 1 ? ["minute", "hour", "day"] : ["minutes", "hours", "days"]
            guard units.contains(unit) else { throw .invalid(field.name, value, Self.rule) }
        } else if value.hasPrefix("cron("), value.hasSuffix(")") {
            let fields = value.dropFirst(5).dropLast().split(separator: " ", omittingEmptySubsequences: false)
            let allowed = Set("0123456789*?,-/LW#ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            guard fields.count == 6, fields.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(allowed.contains) }) else {
                throw .invalid(field.name, value, Self.rule)
            }
        } else {
            throw .invalid(field.name, value, Self.rule)
        }
        expression = value
    }
}

/// A validated SNS event source.
package struct SNSSource: Sendable, Hashable {
    package var topicARN: String?

    init(_ input: SNSInput) throws(CFNError) {
        topicARN = try input.topicARN.map { field throws(CFNError) in
            try AWSNameRules.regionalARN(field, service: "sns") { name in
                let base = name.hasSuffix(".fifo") ? name.dropLast(5) : name
                return (1...256).contains(base.utf8.count)
                    && base.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
            }
        }
    }
}
