package import JSON

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
    /// A bucket the stack does not own: an EventBridge rule delivers its events (the bucket must send them).
    package var existingBucket: String?
    package var events: [String]
    package var prefix: String?
    package var suffix: String?
    package var modalAccess: S3Grant.Access?

    init(_ input: S3EventInput) throws(CFNError) {
        bucketName = try input.bucketName.map(AWSNameRules.bucketName)
        existingBucket = try input.existingBucket.map(AWSNameRules.bucketName)
        if let field = input.existingBucket, input.bucketName != nil {
            throw .conflicting(field.name, "give either the name of a new bucket or an existing bucket, not both")
        }
        events = try input.events.validated { field throws(CFNError) in
            guard Self.eventTypes.contains(field.value) else {
                throw .invalid(
                    field.name,
                    field.value,
                    "must be an S3 event type such as s3:ObjectCreated:* (see the S3 notification docs)"
                )
            }
            return field.value
        }
        if events.isEmpty { events = ["s3:ObjectCreated:*"] }
        if existingBucket != nil {
            for (event, field) in zip(events, input.events.values) where Self.eventBridgeTypes[event] == nil {
                throw .invalid(
                    field.name,
                    event,
                    "has no EventBridge counterpart for an existing bucket; use one of "
                        + Self.eventBridgeTypes.keys.sorted().joined(separator: ", ")
                )
            }
        }
        prefix = try input.prefix.map(Self.filterValue)
        suffix = try input.suffix.map(Self.filterValue)
        let access = input.modalAccess ?? Field("read", "modalAccess")
        switch access.value {
        case "read": modalAccess = .read
        case "read-write": modalAccess = .readWrite
        case "none": modalAccess = nil
        default: throw .invalid(access.name, access.value, "must be read, read-write or none")
        }
    }

    /// The EventBridge `detail-type`s of the S3 event types an existing bucket can deliver.
    package static let eventBridgeTypes: [String: [String]] = [
        "s3:ObjectCreated:*": ["Object Created"], "s3:ObjectRemoved:*": ["Object Deleted"],
        "s3:ObjectRestore:Post": ["Object Restore Initiated"],
        "s3:ObjectRestore:Completed": ["Object Restore Completed"],
        "s3:ObjectTagging:*": ["Object Tags Added", "Object Tags Deleted"], "s3:ObjectAcl:Put": ["Object ACL Updated"],
    ]

    /// The EventBridge pattern for an existing bucket: its name, the detail-types and the key filter.
    package var eventPattern: JSONValue? {
        guard let existingBucket else { return nil }
        var types: [String] = []
        for event in events {
            for type in Self.eventBridgeTypes[event] ?? [] where !types.contains(type) { types.append(type) }
        }
        var detail: JSONObject = ["bucket": ["name": [.string(existingBucket)]]]
        switch (prefix, suffix) {
        case (let prefix?, let suffix?): detail["object"] = ["key": [["wildcard": .string(prefix + "*" + suffix)]]]
        case (let prefix?, nil): detail["object"] = ["key": [["prefix": .string(prefix)]]]
        case (nil, let suffix?): detail["object"] = ["key": [["suffix": .string(suffix)]]]
        case (nil, nil): break
        }
        return [
            "source": ["aws.s3"], "detail-type": .array(types.map { .string($0) }), "detail": .object(detail),
        ]
    }

    private static func filterValue(_ field: Field<String>) throws(CFNError) -> String {
        guard (1...1_024).contains(field.value.utf8.count),
            field.value.unicodeScalars.allSatisfy({
                (0x21...0x7E).contains($0.value) && !"*?$\\{}".unicodeScalars.contains($0)
            })
        else {
            throw .invalid(
                field.name,
                field.value,
                "must be 1–1024 printable ASCII characters without spaces, wildcards, '$', '{', '}' or '\\'"
            )
        }
        return field.value
    }
}
