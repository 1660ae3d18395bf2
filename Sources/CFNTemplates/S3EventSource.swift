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
                throw .invalid(
                    field.name,
                    field.value,
                    "must be an S3 event type such as s3:ObjectCreated:* (see the S3 notification docs)"
                )
            }
            return field.value
        }
        if events.isEmpty { events = ["s3:ObjectCreated:*"] }
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
