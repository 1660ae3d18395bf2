import Primitives

/// Formats epoch microseconds as RFC 3339 UTC with milliseconds (`2024-11-02T16:51:31.587Z`), without Foundation.
package enum RFC3339 {
    package static func format(epochMicroseconds: Int64) -> String {
        let milliseconds = CivilDateTime.floorDivide(epochMicroseconds, 1000)
        let seconds = CivilDateTime.floorDivide(milliseconds, 1000)
        let time = CivilDateTime(secondsSinceEpoch: seconds)
        return time.extendedDate + "T" + time.extendedTime + "."
            + CivilDateTime.zeroPadded(milliseconds - seconds * 1000, width: 3) + "Z"
    }
}
