/// A validated SNS event source.
package struct SNSSource: Sendable, Hashable {
    package var topicARN: String?

    init(_ input: SNSInput) throws(CFNError) {
        topicARN = try input.topicARN.map { field throws(CFNError) in
            try AWSNameRules.regionalARN(field, service: "sns") { name in
                let base = name.hasSuffix(".fifo") ? name.dropLast(5) : name
                return (1...256).contains(base.utf8.count)
                    && base.utf8.allSatisfy {
                        $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                    }
            }
        }
    }
}
