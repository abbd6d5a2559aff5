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
