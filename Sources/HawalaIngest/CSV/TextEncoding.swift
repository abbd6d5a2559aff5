/// The text encoding of a CSV file's bytes.
///
/// Names accepted in an import specification (case-insensitive): `utf-8` (`utf8`) and
/// `windows-1252` (also `cp1252`, `iso-8859-1`, `latin1`, `latin-1`). Like the WHATWG Encoding
/// Standard (https://encoding.spec.whatwg.org, "Legacy single-byte encodings"), HawalaTrace
/// reads files labelled ISO-8859-1/Latin-1 as Windows-1252: the two agree on every byte except
/// 0x80–0x9F, which are C1 control characters in ISO-8859-1 (never text in a ledger) and
/// printable characters (`€`, `‚`, `ƒ`, `„`, `…`, `‘`, `’`, `“`, `”`, `–`, `—`, `™`, …) in
/// Windows-1252, which is what Windows exports labelled Latin-1 actually hold.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8 (with or without a byte-order mark). Invalid sequences make the record a reject.
    case utf8 = "utf-8"
    /// Windows-1252 (cp1252), a superset of ISO-8859-1's printable characters. The five bytes
    /// it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) make the record a reject.
    case windows1252 = "windows-1252"

    /// ISO-8859-1 (Latin-1): read as ``windows1252`` (see the type's documentation).
    public static let latin1 = TextEncoding.windows1252

    /// The encoding an import specification names.
    /// - Parameter name: `utf-8`, `utf8`, `windows-1252`, `cp1252`, `iso-8859-1`, `latin1`, … (any case).
    /// - Returns: the encoding, or `nil` for another name.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "cp-1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": self = .windows1252
        default: return nil
        }
    }

    /// The names ``init(name:)`` accepts, for error messages.
    public static let acceptedNames = ["utf-8", "windows-1252", "cp1252", "iso-8859-1", "latin1"]

    /// Unicode scalars of Windows-1252 bytes 0x80–0x9F; 0 where the byte is undefined.
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The index of the first byte that is not valid text in this encoding.
    /// - Parameter bytes: the bytes.
    /// - Returns: the 0-based index, or `nil` when every byte is valid.
    public func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        switch self {
        case .windows1252:
            return bytes.firstIndex { $0 >= 0x80 && $0 <= 0x9F && Self.windows1252High[Int($0 - 0x80)] == 0 }
        case .utf8:
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 { i += 1; continue }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch b {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return i
                }
                guard i + length <= n else { return i }
                guard bytes[i + 1] >= lower && bytes[i + 1] <= upper else { return i }
                for k in 2..<max(length, 2) where bytes[i + k] & 0xC0 != 0x80 { return i }
                i += length
            }
            return nil
        }
    }

    /// Text for display: the bytes decoded, each invalid byte written `\xHH` (never U+FFFD).
    /// - Parameter bytes: the bytes.
    /// - Returns: the text.
    public func escapedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = ""
        var rest = bytes
        while !rest.isEmpty {
            guard let bad = firstInvalidByte(rest) else {
                out += CSVParser.decode(rest, encoding: self) ?? ""
                break
            }
            out += CSVParser.decode(UnsafeBufferPointer(rebasing: rest[0..<bad]), encoding: self) ?? ""
            out += "\\x" + Self.hex(rest[bad])
            rest = UnsafeBufferPointer(rebasing: rest[(bad + 1)...])
        }
        return out
    }

    /// A byte as two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
