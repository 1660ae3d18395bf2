package import JSON

/// One CloudWatch Embedded Metric Format (EMF) document: a single JSON log line from which CloudWatch Logs extracts
/// metrics, with no API call.
///
/// Rendered as `{"_aws":{"Timestamp":ms,"CloudWatchMetrics":[{"Namespace","Dimensions":[[…]],"Metrics":[{"Name",
/// "Unit"}]}]}, <dimension>: "value", …, <metric>: number | [numbers], …, <property>: …}`. The limits of the
/// specification hold by construction: at most ``maximumMetrics`` metrics, ``maximumDimensionsPerSet`` dimensions
/// per set, ``maximumValuesPerMetric`` values per metric, and every referenced dimension has a string value.
package struct MetricDocument: Sendable {
    /// A metric with its unit and one or more values (CloudWatch publishes each value as a data point).
    package struct Metric: Sendable, Hashable {
        package var name: String
        package var unit: MetricUnit
        /// Never empty; at most ``MetricDocument/maximumValuesPerMetric``.
        package private(set) var values: [Double]

        /// A metric with a single value.
        package init(_ name: String, _ unit: MetricUnit, _ value: Double) {
            self.name = name
            self.unit = unit
            self.values = [value]
        }

        /// A metric with several values; `nil` when `values` is empty or longer than the specification allows.
        package init?(_ name: String, _ unit: MetricUnit, values: [Double]) {
            guard !values.isEmpty, values.count <= MetricDocument.maximumValuesPerMetric else { return nil }
            self.name = name
            self.unit = unit
            self.values = values
        }

        /// A metric over any number of values: all of them when they fit, else ``MetricDocument/maximumValuesPerMetric``
        /// order statistics evenly spaced from the smallest to the largest, so percentiles stay right (the sample
        /// count does not: publish the true count as a metric of its own). `nil` when `values` is empty.
        package init?(_ name: String, _ unit: MetricUnit, sampling values: [Double]) {
            let limit = MetricDocument.maximumValuesPerMetric
            guard values.count > limit else {
                self.init(name, unit, values: values)
                return
            }
            let sorted = values.sorted()
            self.init(name, unit, values: (0..<limit).map { sorted[$0 * (sorted.count - 1) / (limit - 1)] })
        }
    }

    /// At most 100 metric definitions per directive (EMF specification).
    package static let maximumMetrics = 100
    /// At most 30 dimension keys per dimension set (EMF specification).
    package static let maximumDimensionsPerSet = 30
    /// At most 100 values in a metric's array (EMF specification).
    package static let maximumValuesPerMetric = 100

    /// Milliseconds since the Unix epoch.
    package var timestamp: Int64
    package var namespace: String
    /// Dimension sets; each name refers to a member of ``dimensions``.
    package private(set) var dimensionSets: [[String]]
    /// Dimension name → value, in the order written. Members not named in any set are written as plain properties.
    package private(set) var dimensions: [(name: String, value: String)]
    package private(set) var metrics: [Metric]
    /// Other root members (searchable in Logs Insights, not metrics, not dimensions), written after the metrics.
    package var properties: [(String, JSONValue)]

    /// Why a document cannot be built.
    package struct Invalid: Error, Hashable, CustomStringConvertible {
        package var description: String
    }

    /// Checks every limit and reference of the specification.
    package init(
        timestamp: Int64,
        namespace: String,
        dimensionSets: [[String]],
        dimensions: [(name: String, value: String)],
        metrics: [Metric],
        properties: [(String, JSONValue)] = []
    ) throws(Invalid) {
        guard !namespace.isEmpty, namespace.utf8.count <= 255 else {
            throw Invalid(description: "the namespace must have 1 to 255 characters")
        }
        guard !dimensionSets.isEmpty else { throw Invalid(description: "at least one dimension set is needed") }
        guard !metrics.isEmpty, metrics.count <= Self.maximumMetrics else {
            throw Invalid(description: "a document carries 1 to \(Self.maximumMetrics) metrics, not \(metrics.count)")
        }
        let dimensionNames = Set(dimensions.map(\.name))
        guard dimensionNames.count == dimensions.count else { throw Invalid(description: "a dimension is repeated") }
        for set in dimensionSets {
            guard set.count <= Self.maximumDimensionsPerSet else {
                throw Invalid(description: "a dimension set has \(set.count) dimensions; at most 30")
            }
            for name in set where !dimensionNames.contains(name) {
                throw Invalid(description: "the dimension \(name) has no value")
            }
        }
        var rootNames = dimensionNames
        for metric in metrics {
            guard !metric.name.isEmpty, rootNames.insert(metric.name).inserted else {
                throw Invalid(description: "the metric name '\(metric.name)' is empty or already used")
            }
        }
        for (name, _) in properties where !rootNames.insert(name).inserted || name == "_aws" {
            throw Invalid(description: "the property \(name) collides with another member")
        }
        self.timestamp = timestamp
        self.namespace = namespace
        self.dimensionSets = dimensionSets
        self.dimensions = dimensions
        self.metrics = metrics
        self.properties = properties
    }

    /// The document as a JSON object: `_aws` first, then dimensions, metrics and properties.
    package var json: JSONValue {
        let definitions = metrics.map { metric -> JSONValue in
            .object(JSONObject([("Name", .string(metric.name)), ("Unit", .string(metric.unit.rawValue))]))
        }
        let directive = JSONObject([
            ("Namespace", .string(namespace)),
            ("Dimensions", .array(dimensionSets.map { .array($0.map(JSONValue.string)) })),
            ("Metrics", .array(definitions)),
        ])
        let metadata = JSONObject([("Timestamp", .integer(timestamp)), ("CloudWatchMetrics", [.object(directive)])])
        var members: [(String, JSONValue)] = [("_aws", .object(metadata))]
        members += dimensions.map { ($0.name, .string($0.value)) }
        members += metrics.map { metric in
            (
                metric.name,
                metric.values.count == 1 ? Self.number(metric.values[0]) : .array(metric.values.map(Self.number))
            )
        }
        members += properties
        return .object(JSONObject(members))
    }

    /// The document as one log line, newline included.
    package var line: [UInt8] {
        var bytes = json.serialized()
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Whole numbers are written without a fraction (`3`, not `3.0`); NaN and infinities as 0 (EMF needs a number).
    private static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .integer(0) }
        if value == value.rounded(), abs(value) < 1e15 { return .integer(Int64(value)) }
        return .double(value)
    }
}

/// CloudWatch's metric units (`MetricDatum.Unit`), spelled as EMF expects them.
package enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case seconds = "Seconds"
    case microseconds = "Microseconds"
    case milliseconds = "Milliseconds"
    case bytes = "Bytes"
    case kilobytes = "Kilobytes"
    case megabytes = "Megabytes"
    case gigabytes = "Gigabytes"
    case terabytes = "Terabytes"
    case bits = "Bits"
    case kilobits = "Kilobits"
    case megabits = "Megabits"
    case gigabits = "Gigabits"
    case terabits = "Terabits"
    case percent = "Percent"
    case count = "Count"
    case bytesPerSecond = "Bytes/Second"
    case kilobytesPerSecond = "Kilobytes/Second"
    case megabytesPerSecond = "Megabytes/Second"
    case gigabytesPerSecond = "Gigabytes/Second"
    case terabytesPerSecond = "Terabytes/Second"
    case bitsPerSecond = "Bits/Second"
    case kilobitsPerSecond = "Kilobits/Second"
    case megabitsPerSecond = "Megabits/Second"
    case gigabitsPerSecond = "Gigabits/Second"
    case terabitsPerSecond = "Terabits/Second"
    case countPerSecond = "Count/Second"
    case none = "None"
}
