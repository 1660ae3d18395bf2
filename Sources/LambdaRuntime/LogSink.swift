import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where finished log lines go. Each call receives one complete line including its trailing newline.
package protocol LogSink: Sendable {
    func write(_ line: [UInt8])
}

/// Writes each record straight to a file descriptor (stdout by default) with one `write(2)` loop per line, under a
/// lock: nothing sits in a stdio buffer when Lambda freezes or kills the sandbox, and lines never interleave.
package final class FileDescriptorSink: LogSink {
    private let descriptor: Int32
    private let lock = Mutex(())

    package init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    package func write(_ line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    guard let base = buffer.baseAddress else { return }
                    let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, pointer, count)
}

/// Keeps lines in memory (tests, and `modal-bridge invoke` capture).
package final class MemorySink: LogSink {
    private let storage = Mutex<[String]>([])

    package init() {}

    package func write(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        storage.withLock { $0.append(text.hasSuffix("\n") ? String(text.dropLast()) : text) }
    }

    /// Every line written so far, without newlines.
    package var lines: [String] { storage.withLock { $0 } }
}
