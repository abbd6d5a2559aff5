/// UTC offsets written `Z`, `±HH:MM`, `±HHMM` or `±HH`.
enum UTCOffset {
    /// - Returns: the offset in seconds east of UTC, or `nil` when malformed.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if bytes == [UInt8(ascii: "Z")] { return 0 }
        return bytes.withUnsafeBufferPointer { parse($0[...]) }
    }

    static func parse(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard let sign = b.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = b.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let h = Int64(digits[0] - 48) * 10 + Int64(digits[1] - 48)
        let m = digits.count == 4 ? Int64(digits[2] - 48) * 10 + Int64(digits[3] - 48) : 0
        guard h <= 18, m <= 59 else { return nil }
        let seconds = h * 3600 + m * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }
}
