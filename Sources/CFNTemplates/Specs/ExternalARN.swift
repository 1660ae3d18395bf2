package import JSON

/// An ARN of a resource the stack does not own, split into the parts a deploy depends on. Its ``rule(checkRegion:checkAccount:what:)``
/// is a CloudFormation `Rules` entry that stops a deploy into another partition, region or account before anything
/// is created (the template would otherwise fail half-way, or deploy and fail at run time).
package struct ExternalARN: Sendable, Hashable {
    package var arn: String
    package var partition: String
    package var service: String
    package var region: String
    package var account: String
    package var resource: String

    /// `nil` when `arn` does not have the `arn:PARTITION:SERVICE:REGION:ACCOUNT:…` shape.
    package init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        self.arn = arn
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    /// The rule asserting the stack runs in this ARN's partition, and (when asked) its region and account.
    package func rule(checkRegion: Bool, checkAccount: Bool, what: String) -> JSONValue {
        var assertions: [JSONValue] = [
            assertion(.partition, partition, "\(what) \(arn) is in partition \(partition): deploy the stack there")
        ]
        if checkRegion {
            assertions.append(
                assertion(.region, region, "\(what) \(arn) is in region \(region): deploy the stack in that region")
            )
        }
        if checkAccount {
            assertions.append(
                assertion(
                    .accountID,
                    account,
                    "\(what) \(arn) belongs to account \(account): deploy the stack there (or generate it with "
                        + "--allow-cross-account after granting this account in the resource's policy)"
                )
            )
        }
        return ["Assertions": .array(assertions)]
    }

    private func assertion(_ pseudo: Fn.Pseudo, _ value: String, _ description: String) -> JSONValue {
        ["Assert": Fn.equals(Fn.ref(pseudo), .string(value)), "AssertDescription": .string(description)]
    }
}
