import JSON
import LambdaEvents
import Logging
import Synchronization

/// How one record group ended.
enum GroupResult: Sendable {
    case succeeded([InvocationOutcome])
    case skipped(String)
    /// Failed: a call failed (`failure`), or the record is unusable (`failure == nil`).
    case failed(reason: String, failure: InvocationFailure?)
    /// Not sent because an earlier record of an ordered batch (SQS FIFO, stream) failed.
    case notSent

    var isSkipped: Bool {
        if case .skipped = self { return true }
        return false
    }

    var isFailure: Bool {
        switch self {
        case .failed, .notSent: return true
        case .succeeded, .skipped: return false
        }
    }
}

/// The lowest batch position that failed so far, shared by the lanes of a stream batch.
private final class FirstFailure: Sendable {
    private let position = Mutex(Int.max)

    func record(_ failed: Int) { position.withLock { $0 = min($0, failed) } }
    func isBefore(_ candidate: Int) -> Bool { position.withLock { $0 < candidate } }
}

extension Dispatcher {
    func respondPerRecord(_ inbound: InboundEvent, logger: Logger) async throws(DispatchError) -> JSONValue {
        let planner = RecordPlanner(
            unwrapDepth: configuration.payloadUnwrapDepth,
            testEventDepth: configuration.testEventDepth
        )
        let groups = planner.groups(for: inbound.classified)
        var isFIFO = false
        if case .sqs(let batch) = inbound.classified { isFIFO = batch.isFIFO }
        let results: [GroupResult]
        if inbound.kind.isStream {
            results =
                configuration.streamOrdering == .partitionKey
                ? await runByOrderingKey(groups) : await runInOrder(groups)
        } else {
            results = isFIFO ? await runInOrder(groups) : await runConcurrently(groups)
        }
        log(groups, results, logger: logger)
        report?(
            DispatchSummary(
                source: inbound.kind,
                records: groups.count,
                failed: results.count(where: \.isFailure),
                skipped: results.count(where: \.isSkipped)
            )
        )

        switch inbound.classified {
        case .sqs:
            return try Dispatcher.batchItemFailures(groups, results)
        case .kinesis, .dynamodbStream:
            return try Dispatcher.firstStreamFailure(groups, results)
        case .s3, .sns:
            return try Dispatcher.recordsResponse(groups, results)
        default:
            switch results.first {
            case .succeeded(let outcomes) where outcomes.count == 1:
                return DropInResponse.success(outcomes[0])
            case .skipped(let reason):
                return DropInResponse.skipped(reason)
            case .failed(_, .some(let failure)):
                throw .invocationFailed(failure)
            default:
                throw .invalidEvent("the event produced no call")
            }
        }
    }

    /// Runs every call with at most `concurrency` in flight, or (``BatchMode/map``, two calls or more) as one batch
    /// call when the invoker can; groups fail independently. The answer is built by `answerBy` at the latest: calls
    /// still running then are reported as timed out and finish their teardown after the answer is posted (see
    /// `RecordCollector`).
    private func runConcurrently(_ groups: [RecordGroup]) async -> [GroupResult] {
        var calls: [(group: Int, slot: Int, payload: JSONValue)] = []
        for (groupIndex, group) in groups.enumerated() where group.skipReason == nil && group.malformation == nil {
            for (slot, payload) in group.payloads.enumerated() { calls.append((groupIndex, slot, payload)) }
        }
        let collector = RecordCollector(slots: groups.map(\.payloads.count), calls: calls.count)
        let limit = configuration.effectiveConcurrency
        let invoker = self.invoker
        let batched = configuration.batch == .map && calls.count >= 2
        Task(priority: .low) { [calls] in
            if batched {
                let sent = await invoker.invokeBatch(calls.map(\.payload)) { position, outcome in
                    collector.record(group: calls[position].group, slot: calls[position].slot, outcome)
                }
                if sent { return }
            }
            await withTaskGroup(of: Void.self) { taskGroup in
                var next = 0
                // Starts the next call in order; the window is filled first, then one call per finished one.
                func startNext() {
                    let call = calls[next]
                    taskGroup.addTask {
                        collector.record(
                            group: call.group,
                            slot: call.slot,
                            await Dispatcher.call(invoker, call.payload)
                        )
                    }
                    next += 1
                }
                while next < calls.count, next < limit { startNext() }
                while await taskGroup.next() != nil {
                    guard next < calls.count, !Task.isCancelled, !collector.isClosed else { continue }
                    startNext()
                }
            }
        }
        // Calls still running at the answer are not cancelled here: each ends by its own deadline (the invoker's,
        // just after `answerBy`) and then cancels its Modal function call, which a cancelled task could not do.
        // Calls not yet started never start (the loop checks the closed collector).
        let collected = await collector.wait(until: answerBy, timer: timer)
        let outcomes = collected.map { row in row.map { $0 ?? .failure(Dispatcher.unfinishedCall) } }
        return zip(groups, outcomes).map { group, results in
            if let skipReason = group.skipReason { return .skipped(skipReason) }
            if let malformation = group.malformation { return .failed(reason: malformation, failure: nil) }
            var succeeded: [InvocationOutcome] = []
            for result in results {
                switch result {
                case .success(let outcome): succeeded.append(outcome)
                case .failure(let failure): return .failed(reason: failure.description, failure: failure)
                }
            }
            return .succeeded(succeeded)
        }
    }

    /// FIFO and streams: one call at a time in record order; at the first failure that message and every later one
    /// fail and the later ones are not sent.
    private func runInOrder(_ groups: [RecordGroup]) async -> [GroupResult] {
        var results: [GroupResult] = []
        var stopped = false
        for group in groups {
            if stopped {
                results.append(.notSent)
                continue
            }
            if let malformation = group.malformation {
                results.append(.failed(reason: malformation, failure: nil))
                stopped = true
                continue
            }
            if let skipReason = group.skipReason {
                results.append(.skipped(skipReason))
                continue
            }
            var succeeded: [InvocationOutcome] = []
            var failure: InvocationFailure?
            for payload in group.payloads {
                switch await Dispatcher.call(invoker, payload) {
                case .success(let outcome): succeeded.append(outcome)
                case .failure(let error): failure = error
                }
                if failure != nil { break }
            }
            if let failure {
                results.append(.failed(reason: failure.description, failure: failure))
                stopped = true
            } else {
                results.append(.succeeded(succeeded))
            }
        }
        return results
    }

    /// A record call that had not finished when the invocation's answer was due.
    static let unfinishedCall = InvocationFailure(
        errorType: "Modal.Timeout",
        message: "the call had not finished when the invocation's answer was due (deadline minus the safety margin)",
        isTimeout: true
    )

    /// Streams with `streamOrdering == .partitionKey`: one lane per ordering key, up to `concurrency` lanes at once,
    /// each lane in record order. Once a record has failed, no record after it (in batch order, in any lane) is
    /// started; records after it that already succeeded in other lanes are delivered again when Lambda retries from
    /// the failed record's sequence number.
    private func runByOrderingKey(_ groups: [RecordGroup]) async -> [GroupResult] {
        var laneOrder: [String] = []
        var lanes: [String: [Int]] = [:]
        for (position, group) in groups.enumerated() {
            let key = group.orderingKey ?? ""
            if lanes[key] == nil { laneOrder.append(key) }
            lanes[key, default: []].append(position)
        }
        let firstFailure = FirstFailure()
        let invoker = self.invoker
        var results = [GroupResult](repeating: .notSent, count: groups.count)
        await withTaskGroup(of: [(Int, GroupResult)].self) { taskGroup in
            var next = 0
            func startLane() {
                let positions = lanes[laneOrder[next]] ?? []
                next += 1
                let laneGroups = positions.map { groups[$0] }
                taskGroup.addTask {
                    var laneResults: [(Int, GroupResult)] = []
                    for (position, group) in zip(positions, laneGroups) {
                        if firstFailure.isBefore(position) {
                            laneResults.append((position, .notSent))
                            continue
                        }
                        let result: GroupResult
                        if let malformation = group.malformation {
                            result = .failed(reason: malformation, failure: nil)
                        } else {
                            switch await Dispatcher.call(invoker, group.payloads.first ?? .null) {
                            case .success(let outcome): result = .succeeded([outcome])
                            case .failure(let failure): result = .failed(reason: failure.description, failure: failure)
                            }
                        }
                        if result.isFailure { firstFailure.record(position) }
                        laneResults.append((position, result))
                    }
                    return laneResults
                }
            }
            while next < laneOrder.count, next < configuration.effectiveConcurrency { startLane() }
            while let laneResults = await taskGroup.next() {
                for (position, result) in laneResults { results[position] = result }
                if next < laneOrder.count { startLane() }
            }
        }
        return results
    }

    private static func call(
        _ invoker: any Invoker,
        _ payload: JSONValue
    ) async -> Result<InvocationOutcome, InvocationFailure> {
        do {
            return .success(try await invoker.invoke(payload))
        } catch {
            return .failure(error)
        }
    }

    /// SQS: `{"batchItemFailures":[{"itemIdentifier": messageId}, …]}`, empty when everything succeeded. A failed
    /// record without a `messageId` cannot be reported, so the whole batch fails instead (it is retried, not lost).
    static func batchItemFailures(_ groups: [RecordGroup], _ results: [GroupResult]) throws(DispatchError) -> JSONValue
    {
        var failures: [JSONValue] = []
        for (group, result) in zip(groups, results) where result.isFailure {
            guard let identifier = group.identifier else {
                throw .invalidEvent(
                    "SQS record \(group.index) failed and has no messageId; failing the whole batch so it is retried"
                )
            }
            failures.append(.members([("itemIdentifier", .string(identifier))]))
        }
        return .members([("batchItemFailures", .array(failures))])
    }

    /// Kinesis / DynamoDB Streams: `{"batchItemFailures":[{"itemIdentifier": sequenceNumber}]}` naming only the
    /// first failed record in batch order (Lambda checkpoints before it and retries from it, so naming later ones
    /// would add nothing), or `[]` when everything succeeded. A failed record without a sequence number cannot be
    /// reported, so the whole batch fails instead (Lambda retries it whole).
    static func firstStreamFailure(
        _ groups: [RecordGroup],
        _ results: [GroupResult]
    ) throws(DispatchError)
        -> JSONValue
    {
        guard let (group, _) = zip(groups, results).first(where: { $0.1.isFailure }) else {
            return .members([("batchItemFailures", [])])
        }
        guard let identifier = group.identifier else {
            throw .invalidEvent(
                "stream record \(group.index) failed and has no sequence number; failing the whole batch so it is retried"
            )
        }
        return .members([("batchItemFailures", [.members([("itemIdentifier", .string(identifier))])])])
    }

    /// S3 / SNS: every call's entry in record order, or `Bridge.RecordsFailed` when any record failed.
    static func recordsResponse(_ groups: [RecordGroup], _ results: [GroupResult]) throws(DispatchError) -> JSONValue {
        var entries: [JSONValue] = []
        var failedCount = 0
        var first: (reason: String, failure: InvocationFailure?)?
        for (group, result) in zip(groups, results) {
            switch result {
            case .succeeded(let outcomes):
                entries += outcomes.map(DropInResponse.entry)
            case .skipped(let reason):
                entries.append(DropInResponse.skippedEntry(reason))
            case .failed(let reason, let failure):
                failedCount += 1
                if first == nil { first = ("record \(group.index): \(reason)", failure) }
            case .notSent:
                failedCount += 1
            }
        }
        if let first {
            throw .recordsFailed(
                "\(failedCount) of \(groups.count) records failed; first: \(first.reason)",
                underlying: first.failure
            )
        }
        return DropInResponse.records(entries)
    }

    private func log(_ groups: [RecordGroup], _ results: [GroupResult], logger: Logger) {
        var failed = 0
        var skipped = 0
        var calls = 0
        for (group, result) in zip(groups, results) {
            var metadata: Logger.Metadata = ["record.index": "\(group.index)"]
            if let identifier = group.identifier { metadata["record.id"] = "\(identifier)" }
            switch result {
            case .succeeded(let outcomes):
                calls += outcomes.count
                metadata["calls"] = "\(outcomes.count)"
                logger.debug("record dispatched", metadata: metadata)
            case .skipped(let reason):
                skipped += 1
                logger.info("\(reason) acknowledged and skipped", metadata: metadata)
            case .failed(let reason, let failure):
                failed += 1
                metadata["error.type"] = "\(failure?.errorType ?? "Bridge.InvalidRecord")"
                metadata["error"] = "\(reason)"
                logger.warning("record failed", metadata: metadata)
            case .notSent:
                failed += 1
                logger.warning("record not sent: an earlier record of this ordered batch failed", metadata: metadata)
            }
        }
        logger.info(
            "records dispatched",
            metadata: [
                "records": "\(groups.count)", "calls": "\(calls)", "failed": "\(failed)", "skipped": "\(skipped)",
            ]
        )
    }
}
