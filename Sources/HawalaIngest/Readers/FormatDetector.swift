import Foundation
import HawalaCore

/// Detects which built-in import specification reads a file, where that is unambiguous.
public enum FormatDetector {
    /// The header columns that identify each built-in CSV specification (lower case).
    static let csvSignatures: [(String, [String])] = [
        ("canonical", ["transfer_id", "timestamp", "sender_broker", "receiver_broker", "amount", "currency"]),
        ("amlsim", ["sourcenodeid", "targetnodeid", "value", "time"]),
        ("amlsim-full", ["tran_id", "orig_acct", "bene_acct", "base_amt", "tran_timestamp"]),
        ("amlworld", ["timestamp", "from bank", "to bank", "amount paid", "payment currency"]),
        (BrokerRegisterReader.specificationName, ["id", "name", "country"]),
    ]

    /// Looks at the first 64 KiB of a file: XML whose root element is `report` is `goaml`; a
    /// CSV header holding every column of exactly one built-in CSV specification is that one;
    /// a broker register may also be separated by ';' or a tab.
    /// - Parameter url: the file.
    /// - Returns: the built-in's name, or `nil` when the format is not recognised (the caller
    ///   then asks for `--spec`).
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be opened.
    public static func detect(url: URL) throws(IngestError) -> String? {
        try detect(path: url.path)
    }

    /// - Parameter path: the file.
    /// - Returns: the built-in's name, or `nil`.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be opened.
    public static func detect(path: String) throws(IngestError) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(.missingInput, "cannot open file", location: SourceLocation(file: path))
        }
        defer { try? handle.close() }
        let head: [UInt8]
        do {
            head = Array(try handle.read(upToCount: 65_536) ?? Data())
        } catch {
            throw IngestError(.io, "cannot read file", location: SourceLocation(file: path), underlying: error)
        }
        return detect(head: head)
    }

    /// - Parameter head: the first bytes of a file.
    /// - Returns: the built-in's name, or `nil`.
    static func detect(head: [UInt8]) -> String? {
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if xmlRootElement(bytes) == "report" { return "goaml" }
        guard let firstLineEnd = bytes.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? (bytes.isEmpty ? nil : bytes.endIndex)
        else { return nil }
        let parser = CSVParser(bytes: bytes[bytes.startIndex..<firstLineEnd])
        guard (try? parser.nextRecord()) == true else { return nil }
        let header = Set(parser.fields().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        // A broker register may name its id column broker_id (as `hawala specs show brokers` says).
        let named = header.contains("broker_id") ? header.union(["id"]) : header
        let matches = csvSignatures.filter { name, columns in
            columns.allSatisfy((name == BrokerRegisterReader.specificationName ? named : header).contains)
        }
        if matches.isEmpty, header.count == 1, let only = header.first {
            return brokerRegister(oneField: only)
        }
        return matches.count == 1 ? matches[0].0 : nil
    }

    /// A broker register separated by ';' or a tab (which ``BrokerRegisterReader`` reads):
    /// its header reads as one comma field. Transfer files with other delimiters need a
    /// specification naming the delimiter.
    /// - Parameter field: the header read as one field, lower case.
    /// - Returns: `brokers`, or `nil`.
    static func brokerRegister(oneField field: String) -> String? {
        for delimiter: Character in [";", "\t"] where field.contains(delimiter) {
            var names = Set(field.split(separator: delimiter).map { $0.trimmingCharacters(in: .whitespaces) })
            if names.contains("broker_id") { names.insert("id") }
            if ["id", "name", "country"].allSatisfy(names.contains) { return BrokerRegisterReader.specificationName }
        }
        return nil
    }

    /// The name of the first element, skipping the XML declaration, processing instructions,
    /// comments, DOCTYPE (with an internal subset) and whitespace.
    static func xmlRootElement(_ b: ArraySlice<UInt8>) -> String? {
        var i = b.startIndex
        let end = b.endIndex
        func starts(_ text: String, at: Int) -> Bool {
            let t = Array(text.utf8)
            return at + t.count <= end && Array(b[at..<(at + t.count)]) == t
        }
        while i < end {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
            } else if starts("<?", at: i) {
                guard let close = b[i...].indices.first(where: { starts("?>", at: $0) }) else { return nil }
                i = close + 2
            } else if starts("<!--", at: i) {
                guard let close = b[i...].indices.first(where: { starts("-->", at: $0) }) else { return nil }
                i = close + 3
            } else if starts("<!", at: i) {
                var depth = 0
                var j = i + 2
                while j < end {
                    if b[j] == UInt8(ascii: "[") { depth += 1 }
                    if b[j] == UInt8(ascii: "]") { depth -= 1 }
                    if b[j] == UInt8(ascii: ">") && depth <= 0 { break }
                    j += 1
                }
                guard j < end else { return nil }
                i = j + 1
            } else if c == UInt8(ascii: "<") {
                var j = i + 1
                while j < end, b[j] != 0x20, b[j] != UInt8(ascii: ">"), b[j] != UInt8(ascii: "/"), b[j] != 0x0A,
                    b[j] != 0x0D, b[j] != 0x09
                {
                    j += 1
                }
                return String(decoding: b[(i + 1)..<j], as: UTF8.self)
            } else {
                return nil
            }
        }
        return nil
    }
}
