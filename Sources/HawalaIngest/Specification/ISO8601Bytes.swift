import HawalaCore

/// ISO 8601 timestamps from bytes: `YYYY-MM-DD`, optionally followed by `T` (or a space) and
/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…`, optionally followed by `Z`, `±HH:MM`, `±HHMM` or `±HH`.
/// Source: ISO 8601-1:2019 extended format; RFC 3339 §5.6.
enum ISO8601Bytes {
    /// - Parameters:
    ///   - b: the bytes.
    ///   - defaultOffset: seconds east of UTC for a time without an offset.
    /// - Returns: seconds since 1970 UTC, or `nil` when malformed or impossible.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, defaultOffset: Int64) -> Int64? {
        if case .seconds(let s) = read(b, defaultOffset: defaultOffset) { return s }
        return nil
    }

    /// Like ``parse(_:defaultOffset:)`` but telling a malformed text from an impossible date.
    static func read(_ b: UnsafeBufferPointer<UInt8>, defaultOffset: Int64) -> DateReading {
        let n = b.count
        @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= n else { return nil }
            var v = 0
            for i in at..<(at + count) {
                let d = b[i] &- 48
                guard d <= 9 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard n >= 10, let year = digits(0, 4), b[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            b[7] == UInt8(ascii: "-"), let day = digits(8, 2)
        else { return .malformed }
        var hour = 0, minute = 0, second = 0
        var p = 10
        if p < n && (b[p] == UInt8(ascii: "T") || b[p] == UInt8(ascii: " ")) {
            guard let h = digits(p + 1, 2), p + 3 < n, b[p + 3] == UInt8(ascii: ":"), let m = digits(p + 4, 2) else {
                return .malformed
            }
            hour = h
            minute = m
            p += 6
            if p < n && b[p] == UInt8(ascii: ":") {
                guard let s = digits(p + 1, 2) else { return .malformed }
                second = s
                p += 3
                if p < n && (b[p] == UInt8(ascii: ".") || b[p] == UInt8(ascii: ",")) {
                    p += 1
                    let fractionStart = p
                    while p < n && b[p] &- 48 <= 9 { p += 1 }
                    guard p > fractionStart else { return .malformed }
                }
            }
        }
        var offset = defaultOffset
        if p < n {
            if b[p] == UInt8(ascii: "Z") && p + 1 == n {
                offset = 0
            } else if let parsed = UTCOffset.parse(b[p...]) {
                offset = parsed
            } else {
                return .malformed
            }
        }
        guard second <= 59,
            let seconds = UTCTime.epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return .impossible }
        return .seconds(seconds - offset)
    }

    /// - Parameters:
    ///   - bytes: the text's UTF-8 bytes.
    ///   - defaultOffset: seconds east of UTC for a time without an offset.
    /// - Returns: seconds since 1970 UTC, or `nil`.
    static func parse(_ bytes: [UInt8], defaultOffset: Int64) -> Int64? {
        bytes.withUnsafeBufferPointer { parse($0, defaultOffset: defaultOffset) }
    }
}
