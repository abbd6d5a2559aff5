/// Exact decimal amounts from bytes, to integer minor units (never through `Double`).
enum DecimalAmount {
    enum Result: Equatable {
        case value(Int64)
        case negative
        case notFinite
        case invalid
        case tooLarge
        /// Thousands separators that do not group the integer digits as the grouping says
        /// (`1.00.0`, `12.34.5`, `1.2,5`, `1234.567,00` with `.` separating thousands).
        case badGrouping
    }

    /// How a thousands separator groups the integer digits.
    enum Grouping {
        /// Groups of three from the decimal separator: `1,234,567.00`.
        case thousands
        /// Indian lakh/crore grouping: three digits next to the decimal separator, then groups
        /// of two: `12,34,567.00`.
        case lakh
    }

    /// Whether the group lengths (most significant first) are a valid grouping: every group
    /// but the first has exactly its size, the first has 1 up to that size.
    static func groupsValid(_ groups: [Int], grouping: Grouping) -> Bool {
        guard groups.count > 1 else { return true }
        for (i, length) in groups.enumerated().reversed() {
            let size = (i == groups.count - 1 || grouping == .thousands) ? 3 : 2
            if i == 0 {
                guard length >= 1 && length <= size else { return false }
            } else {
                guard length == size else { return false }
            }
        }
        return true
    }

    /// Parses `[+]digits[.digits][e[±]digits]` with the given separators, rounding half away
    /// from zero to `minorDigits` places (the first dropped digit decides).
    /// - Parameters:
    ///   - b: the field's bytes (already trimmed).
    ///   - minorDigits: the currency's minor-unit digits (ISO 4217).
    ///   - decimalSeparator: `.` or `,`.
    ///   - thousandsSeparator: a byte between groups of integer digits, or `nil`; when given,
    ///     the groups are checked (``Grouping``) and a wrong grouping is ``Result/badGrouping``.
    ///   - grouping: how the separator groups digits (default: threes).
    /// - Returns: the amount in minor units, or why it could not be read.
    static func parse(
        _ b: UnsafeBufferPointer<UInt8>, minorDigits: Int, decimalSeparator: UInt8, thousandsSeparator: UInt8?,
        grouping: Grouping = .thousands
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
            var groups: [Int] = []
            var groupStart = 0
            var misplacedSeparator = false
            while p < n {
                let c = b[p]
                if c &- 48 <= 9 {
                    digits[count] = c &- 48
                    count += 1
                    sawDigit = true
                } else if c == decimalSeparator && pointAt == nil {
                    pointAt = count
                } else if let t = thousandsSeparator, c == t, pointAt == nil, sawDigit, p + 1 < n, b[p + 1] &- 48 <= 9 {
                    // a thousands separator between digits: its group is checked below
                    groups.append(count - groupStart)
                    groupStart = count
                } else {
                    if let t = thousandsSeparator, c == t { misplacedSeparator = true }
                    break
                }
                p += 1
            }
            guard sawDigit else { return .invalid }
            if misplacedSeparator { return .badGrouping }
            if !groups.isEmpty {
                groups.append((pointAt ?? count) - groupStart)
                guard groupsValid(groups, grouping: grouping) else { return .badGrouping }
            }
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
