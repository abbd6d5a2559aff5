import HawalaCore

/// A compiled timestamp pattern, parsed by hand from bytes (no `DateFormatter` per row).
///
/// Pattern letters: `yyyy` (4-digit year), `MM`/`M` (month, 2 or 1–2 digits), `dd`/`d` (day),
/// `HH`/`H` (hour 0–23), `mm`/`m` (minute), `ss`/`s` (second), `S…` (fraction of a second, any
/// number of digits, dropped). Any other non-letter character, `T`, and text in single quotes
/// are literals that must match. The name `iso8601` selects ``ISO8601Bytes``.
/// Impossible dates (31 April, 29 February of a common year, hour 24) are refused through
/// `UTCTime.epochSeconds`.
struct DatePattern: Sendable {
    struct PatternError: Error {
        let message: String
    }

    private enum Field { case year, month, day, hour, minute, second, fraction }
    private enum Token {
        case number(Field, min: Int, max: Int)
        case literal(UInt8)
    }

    private let tokens: [Token]
    /// Whether this is the `iso8601` pattern.
    let isISO8601: Bool

    init(_ text: String) throws(PatternError) {
        if text.lowercased() == "iso8601" || text.lowercased() == "iso 8601" {
            tokens = []
            isISO8601 = true
            return
        }
        isISO8601 = false
        let chars = Array(text.utf8)
        var tokens: [Token] = []
        var seen: Set<String> = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == UInt8(ascii: "'") {
                var j = i + 1
                while j < chars.count && chars[j] != UInt8(ascii: "'") {
                    tokens.append(.literal(chars[j]))
                    j += 1
                }
                guard j < chars.count else { throw PatternError(message: "unclosed quote") }
                i = j + 1
                continue
            }
            let isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            if !isLetter || c == UInt8(ascii: "T") {
                tokens.append(.literal(c))
                i += 1
                continue
            }
            var j = i
            while j < chars.count && chars[j] == c { j += 1 }
            let run = j - i
            let letter = Character(Unicode.Scalar(c))
            let token: Token
            switch (letter, run) {
            case ("y", 4): token = .number(.year, min: 4, max: 4)
            case ("M", 2): token = .number(.month, min: 2, max: 2)
            case ("M", 1): token = .number(.month, min: 1, max: 2)
            case ("d", 2): token = .number(.day, min: 2, max: 2)
            case ("d", 1): token = .number(.day, min: 1, max: 2)
            case ("H", 2): token = .number(.hour, min: 2, max: 2)
            case ("H", 1): token = .number(.hour, min: 1, max: 2)
            case ("m", 2): token = .number(.minute, min: 2, max: 2)
            case ("m", 1): token = .number(.minute, min: 1, max: 2)
            case ("s", 2): token = .number(.second, min: 2, max: 2)
            case ("s", 1): token = .number(.second, min: 1, max: 2)
            case ("S", _): token = .number(.fraction, min: 1, max: 18)
            default:
                throw PatternError(
                    message: "'\(String(repeating: letter, count: run))' is not a pattern letter (use yyyy MM M dd d HH H mm ss S)")
            }
            seen.insert(String(letter))
            tokens.append(token)
            i = j
        }
        guard seen.contains("y"), seen.contains("M"), seen.contains("d") else {
            throw PatternError(message: "a date pattern needs yyyy, MM (or M) and dd (or d)")
        }
        self.tokens = tokens
    }

    /// Parses a timestamp.
    /// - Parameters:
    ///   - bytes: the field's bytes.
    ///   - offset: seconds east of UTC for times written without an offset.
    /// - Returns: seconds since 1970-01-01T00:00:00Z, or `nil` when the text does not match or
    ///   names an impossible date.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int64) -> Int64? {
        if case .seconds(let s) = read(bytes, offset: offset) { return s }
        return nil
    }

    /// Like ``parse(_:offset:)`` but telling a malformed text from an impossible date.
    func read(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int64) -> DateReading {
        if isISO8601 { return ISO8601Bytes.read(bytes, defaultOffset: offset) }
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var p = 0
        let n = bytes.count
        for token in tokens {
            switch token {
            case .literal(let c):
                guard p < n, bytes[p] == c else { return .malformed }
                p += 1
            case .number(let field, let min, let max):
                var value = 0
                var digits = 0
                while p < n && digits < max {
                    let d = bytes[p] &- 48
                    if d > 9 { break }
                    if field != .fraction { value = value * 10 + Int(d) }
                    digits += 1
                    p += 1
                }
                guard digits >= min else { return .malformed }
                switch field {
                case .year: year = value
                case .month: month = value
                case .day: day = value
                case .hour: hour = value
                case .minute: minute = value
                case .second: second = value
                case .fraction: break
                }
            }
        }
        guard p == n else { return .malformed }
        guard second <= 59,
            let seconds = UTCTime.epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return .impossible }
        return .seconds(seconds - offset)
    }
}

/// The outcome of reading a timestamp.
enum DateReading: Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    case seconds(Int64)
    /// The text does not have the expected shape.
    case malformed
    /// The shape is right but the date or time does not exist (31 April, hour 25).
    case impossible
}

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

/// Exact decimal amounts from bytes, to integer minor units (never through `Double`).
enum DecimalAmount {
    enum Result: Equatable {
        case value(Int64)
        case negative
        case notFinite
        case invalid
        case tooLarge
    }

    /// Parses `[+]digits[.digits][e[±]digits]` with the given separators, rounding half away
    /// from zero to `minorDigits` places (the first dropped digit decides).
    /// - Parameters:
    ///   - b: the field's bytes (already trimmed).
    ///   - minorDigits: the currency's minor-unit digits (ISO 4217).
    ///   - decimalSeparator: `.` or `,`.
    ///   - thousandsSeparator: a byte to skip between digits, or `nil`.
    /// - Returns: the amount in minor units, or why it could not be read.
    static func parse(
        _ b: UnsafeBufferPointer<UInt8>, minorDigits: Int, decimalSeparator: UInt8, thousandsSeparator: UInt8?
    ) -> Result {
        let n = b.count
        guard n > 0 else { return .invalid }
        var p = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") {
            negative = true
            p = 1
        } else if b[0] == UInt8(ascii: "+") {
            p = 1
        }
        // Non-finite spellings.
        if p < n {
            let c = b[p] | 0x20
            if c == UInt8(ascii: "n") || c == UInt8(ascii: "i") {
                var word: [UInt8] = []
                for i in p..<n { word.append(b[i] | 0x20) }
                if word == Array("nan".utf8) || word == Array("inf".utf8) || word == Array("infinity".utf8) {
                    return .notFinite
                }
                return .invalid
            }
        }
        // Collect the digits (on the stack) and the position of the decimal point.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(n, 1)) { digits -> Result in
            var count = 0
            var pointAt: Int? = nil
            var sawDigit = false
            var p = p
            while p < n {
                let c = b[p]
                if c &- 48 <= 9 {
                    digits[count] = c &- 48
                    count += 1
                    sawDigit = true
                } else if c == decimalSeparator && pointAt == nil {
                    pointAt = count
                } else if let t = thousandsSeparator, c == t, pointAt == nil, sawDigit, p + 1 < n, b[p + 1] &- 48 <= 9 {
                    // a thousands separator between digits: skipped
                } else {
                    break
                }
                p += 1
            }
            guard sawDigit else { return .invalid }
            var exponent = 0
            if p < n && (b[p] | 0x20) == UInt8(ascii: "e") {
                p += 1
                var expNegative = false
                if p < n && (b[p] == UInt8(ascii: "-") || b[p] == UInt8(ascii: "+")) {
                    expNegative = b[p] == UInt8(ascii: "-")
                    p += 1
                }
                let start = p
                while p < n && b[p] &- 48 <= 9 && p - start < 4 {
                    exponent = exponent * 10 + Int(b[p] &- 48)
                    p += 1
                }
                guard p > start else { return .invalid }
                if expNegative { exponent = -exponent }
            }
            guard p == n else { return .invalid }
            // Integer digits of the scaled value: digits[0 ..< keep]; digit `keep` decides rounding.
            let keep = (pointAt ?? count) + exponent + minorDigits
            var value: Int64 = 0
            var i = 0
            while i < keep {
                let d = i < count ? Int64(digits[i]) : 0
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                guard !o1, !o2 else { return .tooLarge }
                value = s
                i += 1
            }
            if keep >= 0 && keep < count && digits[keep] >= 5 {
                let (s, o) = value.addingReportingOverflow(1)
                guard !o else { return .tooLarge }
                value = s
            }
            if negative {
                for j in 0..<count where digits[j] != 0 { return .negative }
            }
            return .value(value)
        }
    }
}
