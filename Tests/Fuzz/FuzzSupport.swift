// Shared by the libFuzzer targets in Tests/Fuzz: scripts/fuzz.sh compiles it into each one.

/// The input libFuzzer hands over, as bytes.
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops with `message` when a property does not hold: libFuzzer keeps the input as a crash reproducer.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz property failed: \(message())") }
}
