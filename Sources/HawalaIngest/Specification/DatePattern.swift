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
