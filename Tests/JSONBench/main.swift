// json-bench: parse and write throughput of the JSON leaf for each document shape, as a markdown table.
//
//   swift run -c release --scratch-path .build-bench json-bench [--size-mb 6] [--repeats 5]   (or `make bench-json`)
//
// Each shape is a document of about --size-mb megabytes (10⁶ bytes). Times are the median of --repeats runs.
// "4× ratio" is the parse time of the full document over the parse time of a quarter of it: about 4 when parsing
// is linear, about 16 when it is quadratic.
import Foundation
import JSON
import TestSupport

struct Options {
    var sizeMB = 6.0
    var repeats = 5

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--size-mb": sizeMB = iterator.next().flatMap(Double.init) ?? sizeMB
            case "--repeats": repeats = max(1, iterator.next().flatMap(Int.init) ?? repeats)
            default:
                print("usage: json-bench [--size-mb MB] [--repeats N]")
                exit(2)
            }
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// The median time of `repeats` runs of `work`.
func median(_ repeats: Int, _ work: () -> Void) -> Double {
    let clock = ContinuousClock()
    let times = (0..<repeats).map { _ in seconds(clock.measure(work)) }.sorted()
    return times[times.count / 2]
}

func formatted(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    return digits == 0 ? String(Int(rounded)) : String(rounded)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let byteCount = Int(options.sizeMB * 1_000_000)
print("| shape | size (MB) | parse (ms) | parse (MB/s) | write (MB/s) | 4× ratio |")
print("|---|---:|---:|---:|---:|---:|")
var failed = false
for shape in JSONShape.allCases {
    let document = shape.document(byteCount: byteCount)
    let quarter = shape.document(byteCount: byteCount / 4)
    guard let value = try? JSONValue(parsing: document), (try? JSONValue(parsing: value.serialized())) == value else {
        print("| \(shape.rawValue) | does not round-trip | | | | |")
        failed = true
        continue
    }
    let megabytes = Double(document.count) / 1e6
    let parse = median(options.repeats) { _ = try? JSONValue(parsing: document) }
    let parseQuarter = median(options.repeats) { _ = try? JSONValue(parsing: quarter) }
    let write = median(options.repeats) { _ = value.serialized() }
    let cells = [
        shape.rawValue, formatted(megabytes, 2), formatted(parse * 1000), formatted(megabytes / parse, 0),
        formatted(megabytes / write, 0), formatted(parse / parseQuarter),
    ]
    print("| " + cells.joined(separator: " | ") + " |")
}
if failed { exit(1) }
