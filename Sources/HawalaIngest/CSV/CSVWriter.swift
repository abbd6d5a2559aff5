import Foundation

/// Writes CSV records that ``CSVParser`` reads back field for field (RFC 4180 quoting).
public enum CSVWriter {
    /// One field, quoted when it holds the delimiter, a quote, CR or LF, or is empty and alone.
    /// - Parameters:
    ///   - field: the field's text.
    ///   - delimiter: the delimiter character.
    /// - Returns: the field as it goes in the file.
    public static func escape(_ field: String, delimiter: Character = ",") -> String {
        guard field.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record line with its LF terminator.
    /// - Parameters:
    ///   - fields: the fields' text.
    ///   - delimiter: the delimiter character.
    /// - Returns: the line, e.g. `a,"b,c",d\n`; a single empty field is written `""`.
    public static func line(_ fields: [String], delimiter: Character = ",") -> String {
        if fields.count == 1 && fields[0].isEmpty { return "\"\"\n" }
        return fields.map { escape($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\n"
    }

    /// One record with every field quoted, as bytes, LF-terminated (the fuzz target's
    /// re-serialisation: unambiguous whatever the bytes).
    /// - Parameters:
    ///   - fields: the fields' bytes.
    ///   - delimiter: the delimiter byte.
    /// - Returns: the record's bytes.
    public static func quotedRecord(_ fields: [[UInt8]], delimiter: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(delimiter) }
            out.append(0x22)
            for b in field {
                out.append(b)
                if b == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
        out.append(0x0A)
        return out
    }
}
