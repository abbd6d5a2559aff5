/// Escaping for every piece of text we write into HTML, SVG and XML (GraphML, GEXF), the
/// DOT language and CSV. Broker and party names come from FIU files: nothing is trusted.
enum Markup {
    /// Escapes text for XML 1.0 / HTML5 character data and attribute values (double or
    /// single quoted): `&`, `<`, `>`, `"` and `'` become references, and characters XML 1.0
    /// forbids (C0 controls other than tab, line feed and carriage return; unpaired
    /// surrogates cannot occur in Swift strings; U+FFFE, U+FFFF) become U+FFFD.
    /// Source: W3C XML 1.0 (Fifth Edition) §2.2 `Char`, §2.4; WHATWG HTML §13.1.
    /// - Parameter text: the raw text.
    /// - Returns: the escaped text.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                    || (0x7F...0x9F).contains(scalar.value)
                {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Makes a value safe inside an HTML `id` and a URL fragment: ASCII letters, digits,
    /// `-` and `_` kept, every other byte of the UTF-8 as `.XX` hex, prefixed so it starts
    /// with a letter. Distinct inputs give distinct ids.
    /// - Parameters:
    ///   - prefix: a letter-led prefix, e.g. `"finding-"`.
    ///   - value: the raw value.
    /// - Returns: the id.
    static func identifier(_ prefix: String, _ value: String) -> String {
        var result = prefix
        for byte in value.utf8 {
            let isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
            if isSafe {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "." + hex(byte)
            }
        }
        return result
    }

    /// Two lower-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// Escapes a field for CSV (RFC 4180): quoted when it holds a comma, quote, CR or LF,
    /// quotes doubled. Values are written as given (no spreadsheet-formula neutralising, which
    /// would alter evidence).
    /// - Parameter field: the raw value.
    /// - Returns: the field as written.
    static func csv(_ field: String) -> String {
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    /// A row of CSV fields joined by commas (each escaped) and ended by `ending`
    /// (`"\r\n"` as RFC 4180 writes, or `"\n"`).
    static func csvRow(_ fields: [String], ending: String = "\n") -> String {
        fields.map(csv).joined(separator: ",") + ending
    }

    /// Escapes a DOT double-quoted string: backslash and quote escaped, line breaks as `\n`.
    /// Source: Graphviz, "The DOT Language" (ID as a double-quoted string).
    /// - Parameter text: the raw text.
    /// - Returns: the quoted string with its quotes.
    static func dot(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": break
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Shortens text to at most `limit` characters, ending in `…` when cut.
    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}
