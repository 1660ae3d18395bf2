import JSON

/// Access for the Modal role to one S3 bucket, optionally limited to a prefix ("folder").
package struct S3Grant: Sendable, Hashable {
    package enum Access: String, Sendable, Hashable {
        case read
        case readWrite = "read-write"
    }

    /// A bucket by name, or a bucket resource of the same template.
    package enum Bucket: Sendable, Hashable {
        case named(String)
        case resource(LogicalID)
    }

    package var bucket: Bucket
    /// The folder, without leading or trailing `/` (`nil`: the whole bucket).
    package var prefix: String?
    package var access: Access

    package init(bucket: Bucket, prefix: String? = nil, access: Access) {
        self.bucket = bucket
        self.prefix = prefix
        self.access = access
    }

    package static let prefixRule =
        "must be BUCKET or BUCKET/PREFIX; the prefix of letters, digits and ! - _ . ' ( ) & @ = ; + , / (no empty "
        + "segments, no wildcards), at most 512 characters"

    /// Parses `BUCKET` or `BUCKET/PREFIX` (a trailing `/` is optional; the grant covers `PREFIX/…`).
    package init(_ field: Field<String>, access: Access) throws(CFNError) {
        let value = field.value
        let slash = value.firstIndex(of: "/")
        let name = try AWSNameRules.bucketName(Field(String(value[..<(slash ?? value.endIndex)]), field.name))
        var prefix: String? = nil
        if let slash {
            var rest = value[value.index(after: slash)...]
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            let allowed = Set("!-_.'()&@=;+,/".utf8)
            guard !rest.isEmpty, rest.utf8.count <= 512, !rest.hasPrefix("/"), !rest.contains("//"),
                rest.utf8.allSatisfy({ $0.isASCIIAlphanumeric || allowed.contains($0) })
            else { throw .invalid(field.name, value, Self.prefixRule) }
            prefix = String(rest)
        }
        self.init(bucket: .named(name), prefix: prefix, access: access)
    }

    var actions: [String] {
        switch access {
        case .read: ["s3:GetObject"]
        case .readWrite: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
        }
    }

    /// `arn:…:s3:::bucket` (as an intrinsic).
    var bucketARN: JSONValue {
        switch bucket {
        case .named(let name): Fn.sub("arn:${AWS::Partition}:s3:::" + SubText.literal(name))
        case .resource(let id): Fn.getAtt(id, "Arn")
        }
    }

    /// `arn:…:s3:::bucket/prefix/*` (as an intrinsic).
    var objectsARN: JSONValue {
        let path = "/" + (prefix.map { $0 + "/" } ?? "") + "*"
        var text = SubText()
        switch bucket {
        case .named(let name):
            text = "arn:${AWS::Partition}:s3:::"
            text.append(literal: name + path)
        case .resource(let id):
            text.append(reference: id.value + ".Arn")
            text.append(literal: path)
        }
        return Fn.sub(text)
    }

    /// The statements for this grant: object actions on the objects, `s3:ListBucket` on the bucket (limited to the
    /// prefix with an `s3:prefix` condition). `index` numbers the statement ids.
    func statements(index: Int) -> [PolicyStatement] {
        var list = PolicyStatement(sid: "S3List\(index)", actions: ["s3:ListBucket"], resources: [bucketARN])
        if let prefix {
            list.condition = ["StringLike": ["s3:prefix": [.string(prefix + "/"), .string(prefix + "/*")]]]
        }
        return [PolicyStatement(sid: "S3Objects\(index)", actions: actions, resources: [objectsARN]), list]
    }

    /// The inline policy for `grants` (`nil` when there are none).
    static func policy(_ grants: [S3Grant]) -> JSONValue? {
        guard !grants.isEmpty else { return nil }
        let statements = grants.enumerated().flatMap { $0.element.statements(index: $0.offset + 1) }
        return PolicyDocument(statements).inlinePolicy(named: "ModalS3Access")
    }
}
