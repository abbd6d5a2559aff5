import Foundation
import HawalaCore

/// `hawala specs infer FILE`: a complete, commented import specification read off a CSV file's
/// header and first rows, for the user to check and edit.
///
/// Every guess is written as a comment beside the key it sets (`# GUESS: ...`), and what could
/// not be decided is said (`# CHECK: ...`), e.g. the day/month order when no day is above 12.
/// Guesses: the encoding (UTF-8 when the sample is valid UTF-8, else Windows-1252); the
/// delimiter (the most frequent of `,` `;` tab `|` in the header line); lines above the header
/// (the first of the first five lines naming the most known columns); the columns, by header
/// names in English and common bank terms (``columnNames``); the date format (the first of
/// ``datePatterns`` that reads every sampled value; integers are day steps); the decimal and
/// thousands separators (from the sampled amounts); the currency names that are not ISO 4217.
public enum SpecificationInference {
    /// Header names (lower case, spaces, `_` and `-` removed) recognised per field, best first.
    static let columnNames: [(field: String, names: [String])] = [
        ("transfer_id", ["transferid", "transactionid", "txnid", "txid", "tranid", "id", "transactionnumber",
                         "transactionno", "bookingno", "buchungsnr", "paymentid"]),
        ("timestamp", ["timestamp", "datetime", "valuedate", "bookingdate", "transactiondate", "postingdate", "trantimestamp",
                       "date", "time", "step", "datum", "valuta"]),
        ("sender_broker", ["senderbroker", "from", "frombank", "sender", "debitaccount", "fromaccount", "remitteraccount",
                           "orderingaccount", "origacct", "sourcenodeid", "source", "payeraccount", "senderbank",
                           "auftraggeberinstitut"]),
        ("receiver_broker", ["receiverbroker", "to", "tobank", "receiver", "creditaccount", "toaccount", "beneficiaryaccount",
                             "beneacct", "targetnodeid", "target", "payeeaccount", "receiverbank", "empfängerinstitut"]),
        ("originator", ["originator", "remitter", "sendername", "orderingcustomer", "payer", "fromname", "remittername",
                        "auftraggeber"]),
        ("beneficiary", ["beneficiary", "receivername", "beneficiaryname", "payee", "toname", "empfänger"]),
        ("amount", ["amount", "amountpaid", "value", "amt", "baseamt", "transactionamount", "sum", "betrag"]),
        ("currency", ["currency", "ccy", "cur", "curr", "currencycode", "paymentcurrency", "währung"]),
        ("received_amount", ["amountreceived"]),
        ("received_currency", ["receivingcurrency"]),
        ("channel", ["channel", "paymentformat", "paymenttype", "type", "txtype", "method", "transmode"]),
        ("reference", ["reference", "ref", "description", "narrative", "memo", "details", "purpose", "remarks",
                       "verwendungszweck"]),
    ]

    /// Date patterns tried in order (the first reading every sampled value wins).
    static let datePatterns = [
        "iso8601", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd",
        "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy",
        "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy", "dd-MM-yyyy", "yyyyMMdd",
    ]

    /// Rows sampled after the header.
    static let sampleRows = 200

    /// Reads a file's start and writes a specification for it.
    /// - Parameter path: a CSV file.
    /// - Returns: commented YAML, ready for `hawala ingest --spec FILE`.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be read; `.malformed` when
    ///   it holds no line to read a header from.
    public static func infer(path: String) throws(IngestError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(.missingInput, "cannot open file", location: SourceLocation(file: path))
        }
        defer { try? handle.close() }
        let head: [UInt8]
        do { head = Array(try handle.read(upToCount: 1 << 18) ?? Data()) } catch {
            throw IngestError(.io, "cannot read file", location: SourceLocation(file: path), underlying: error)
        }
        return try infer(head: head, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, path: path)
    }

    static func infer(head: [UInt8], name: String, path: String) throws(IngestError) -> String {
        var out: [String] = []
        func line(_ text: String) { out.append(text) }
        var bytes = head[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Cut at the last complete line (the sample may end mid-record).
        if head.count == 1 << 18, let lastNewline = bytes.lastIndex(of: 0x0A) { bytes = bytes[..<lastNewline] }

        // Encoding.
        let isUTF8 = bytes.withContiguousStorageIfAvailable { TextEncoding.utf8.firstInvalidByte($0) == nil }
            ?? (String(bytes: Array(bytes), encoding: .utf8) != nil)
        let encoding: TextEncoding = isUTF8 ? .utf8 : .windows1252

        // Delimiter, from the line with the most delimiters among the first five.
        let firstLines = bytes.split(separator: 0x0A, maxSplits: 5, omittingEmptySubsequences: true).prefix(5)
        let candidates: [(UInt8, String)] = [(UInt8(ascii: ","), ","), (UInt8(ascii: ";"), ";"), (0x09, "\\t"), (UInt8(ascii: "|"), "|")]
        var best = candidates[0]
        var bestCount = -1
        for candidate in candidates {
            let count = firstLines.map { $0.filter { $0 == candidate.0 }.count }.max() ?? 0
            if count > bestCount {
                best = candidate
                bestCount = count
            }
        }
        let delimiter = best.0

        // Records.
        let parser = CSVParser(bytes: bytes, delimiter: delimiter, label: path)
        var records: [[String]] = []
        while records.count < sampleRows + 6, (try? parser.nextRecord()) == true {
            records.append(parser.fields(encoding: encoding).map { $0.trimmingCharacters(in: .whitespaces) })
        }
        guard !records.isEmpty else {
            throw IngestError(.malformed, "the file has no line to read a header from", location: SourceLocation(file: path))
        }

        // Header: the first of the first five records naming the most known columns.
        func normalised(_ text: String) -> String {
            text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "." }
        }
        let known = Set(columnNames.flatMap(\.names))
        var headerIndex = 0
        var headerScore = -1
        for (i, record) in records.prefix(5).enumerated() {
            let score = record.filter { known.contains(normalised($0)) }.count
            if score > headerScore {
                headerIndex = i
                headerScore = score
            }
        }
        let header = records[headerIndex]
        let rows = Array(records.dropFirst(headerIndex + 1).prefix(sampleRows))

        // Columns.
        var used = Set<Int>()
        var mapping: [(field: String, value: String, index: Int, comment: String)] = []
        for (field, names) in columnNames {
            var found: Int?
            for wanted in names {
                if let i = header.indices.first(where: { !used.contains($0) && normalised(header[$0]) == wanted }) {
                    found = i
                    break
                }
            }
            guard let index = found else { continue }
            used.insert(index)
            var value = yamlString(header[index])
            var comment = "GUESS: column '\(header[index])'"
            // A bank column followed by an account column (AMLworld): the broker is bank + account.
            if field == "sender_broker" || field == "receiver_broker", index + 1 < header.count,
                normalised(header[index + 1]) == "account", header[index].lowercased().contains("bank")
            {
                used.insert(index + 1)
                value = "[\(yamlString(header[index])), \(index + 1)]"
                comment = "GUESS: bank '\(header[index])' + account (column #\(index + 1)) joined with ':'"
            }
            if header.filter({ $0.lowercased() == header[index].lowercased() }).count > 1 && !value.hasPrefix("[") {
                value = String(index)
                comment = "GUESS: column #\(index) ('\(header[index])', a name the header repeats)"
            }
            mapping.append((field, value, index, comment))
        }
        func column(_ field: String) -> Int? { mapping.first { $0.field == field }?.index }
        func values(_ field: String) -> [String] {
            guard let i = column(field) else { return [] }
            return rows.compactMap { i < $0.count && !$0[i].isEmpty ? $0[i] : nil }
        }

        line("# Import specification inferred by `hawala specs infer` from \(URL(fileURLWithPath: path).lastPathComponent)")
        line("# (header and first \(rows.count) rows). Check every GUESS and CHECK line, then:")
        line("#   hawala ingest --spec THIS.yaml \(URL(fileURLWithPath: path).lastPathComponent)")
        line("# Keys: docs/import-specifications.md.")
        line("name: \(yamlString(name.isEmpty ? "inferred" : name))")
        line("format: csv")
        line("delimiter: \(yamlString(best.1 == "\\t" ? "\t" : best.1))  # GUESS: the most frequent separator in the first lines")
        line("encoding: \(encoding.rawValue)  # GUESS: "
            + (isUTF8 ? "the sample is valid UTF-8" : "the sample is not valid UTF-8; Windows-1252 (Latin-1) assumed"))
        line("header: true")
        if headerIndex > 0 {
            line("skip_lines: \(headerIndex)  # GUESS: the header is line \(headerIndex + 1); the lines above it are skipped")
        }
        line("columns:")
        for entry in mapping { line("  \(entry.field): \(entry.value)  # \(entry.comment)") }
        let unmapped = header.indices.filter { !used.contains($0) }.map { "'\(header[$0])'" }
        if !unmapped.isEmpty { line("  # not mapped: \(unmapped.joined(separator: ", "))") }
        for required in ["timestamp", "sender_broker", "receiver_broker", "amount"] where column(required) == nil {
            line("  # CHECK: no column found for \(required) (required): add `\(required): COLUMN NAME`")
        }

        // Time.
        let times = values("timestamp")
        if !times.isEmpty, times.allSatisfy({ Int64($0) != nil }) {
            line("time_step:  # GUESS: the times are whole numbers: steps from a base date")
            line("  base: \"2017-01-01T00:00:00Z\"  # CHECK: the time of step 0 (AMLSim's default base)")
            line("  unit: days  # CHECK: seconds, minutes, hours or days")
        } else if !times.isEmpty {
            // A pattern fits when at least 90% of the sampled times have its shape; the one
            // reading the most real dates wins (a sample may hold a broken row, or an impossible
            // date such as 31.04.).
            var fitting: [(pattern: String, dates: Int)] = []
            for pattern in datePatterns {
                guard let p = try? DatePattern(pattern) else { continue }
                var dates = 0
                var misshapen = 0
                for t in times {
                    switch Array(t.utf8).withUnsafeBufferPointer({ p.read($0, offset: 0) }) {
                    case .seconds: dates += 1
                    case .impossible: break
                    case .malformed: misshapen += 1
                    }
                }
                if misshapen * 10 <= times.count && dates > 0 { fitting.append((pattern, dates)) }
            }
            let most = fitting.map(\.dates).max() ?? 0
            if let chosen = fitting.first(where: { $0.dates == most })?.pattern {
                var comment = "GUESS: reads \(most) of \(times.count) sampled times"
                if chosen.contains("dd") && chosen.contains("MM") {
                    let swapped = swapDayMonth(chosen)
                    if fitting.contains(where: { $0.pattern == swapped && $0.dates == most }) {
                        comment = "CHECK: day/month order undecided (no day above 12 in \(times.count) sampled times); \(swapped) reads them too"
                    } else if chosen.hasPrefix("dd") || chosen.hasPrefix("MM") {
                        comment += "; the day/month order is certain (a value above 12)"
                    }
                }
                line("date_format: \(yamlString(chosen))  # \(comment)")
            } else {
                line("date_format: iso8601  # CHECK: no known pattern reads the sampled times, e.g. '\(times[0])'; write one (yyyy MM dd HH mm ss)")
            }
        }
        line("timezone_offset: \"+00:00\"  # CHECK: the UTC offset of times written without one")

        // Amounts.
        let amounts = values("amount") + values("received_amount")
        let (decimal, thousands, why) = separators(amounts)
        line("decimal_separator: \(yamlString(decimal))  # GUESS: \(why)")
        if let thousands {
            line("thousands_separator: \(yamlString(thousands))  # GUESS: seen between groups of three digits")
        }

        // Currency.
        if column("currency") == nil {
            line("currency: USD  # CHECK: no currency column found; this fixed currency applies to every row")
        } else {
            let names = Set(values("currency") + values("received_currency")).filter { CurrencyCode($0) == nil }.sorted()
            if !names.isEmpty {
                line("currency_names:  # GUESS: values that are not ISO 4217 codes")
                for name in names {
                    let lower = name.lowercased()
                    if let code = BuiltinSpecifications.amlworldCurrencyNames.first(where: { $0.key.lowercased() == lower })?.value {
                        line("  \(yamlString(name)): \(code)")
                    } else {
                        line("  # \(yamlString(name)): ???  # CHECK: no ISO 4217 code known; rows in it are rejected")
                    }
                }
            }
        }
        let selfRows = rows.filter { row in
            guard let s = column("sender_broker"), let r = column("receiver_broker"), s < row.count, r < row.count else {
                return false
            }
            return row[s] == row[r] && !row[s].isEmpty
        }.count
        line("allow_self_transfer: false" + (selfRows > 0
            ? "  # CHECK: \(selfRows) sampled rows have the same sender and receiver; true keeps them" : ""))
        return out.joined(separator: "\n") + "\n"
    }

    /// The pattern with day and month swapped.
    static func swapDayMonth(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "dd", with: "\u{1}").replacingOccurrences(of: "MM", with: "dd")
            .replacingOccurrences(of: "\u{1}", with: "MM")
    }

    /// The decimal and thousands separators of sampled amounts, and why.
    static func separators(_ amounts: [String]) -> (String, String?, String) {
        var commaDecimal = 0
        var dotDecimal = 0
        var commaGroups = 0
        var dotGroups = 0
        for amount in amounts {
            let chars = Array(amount)
            guard let last = chars.lastIndex(where: { $0 == "," || $0 == "." }) else { continue }
            let after = chars.count - last - 1
            let other: Character = chars[last] == "," ? "." : ","
            if chars.contains(other) {
                // Both: the last is the decimal separator, the other groups.
                if chars[last] == "," { commaDecimal += 1; dotGroups += 1 } else { dotDecimal += 1; commaGroups += 1 }
            } else if after == 3 && chars.filter({ $0 == chars[last] }).count >= 1 && chars.count - after - 1 <= 3
                && chars.filter({ $0 == chars[last] }).count == 1
            {
                continue  // "1,234" or "1.234": undecided
            } else if after == 3 {
                if chars[last] == "," { commaGroups += 1 } else { dotGroups += 1 }
            } else {
                if chars[last] == "," { commaDecimal += 1 } else { dotDecimal += 1 }
            }
        }
        if commaDecimal > dotDecimal {
            return (",", dotGroups > 0 ? "." : nil, "\(commaDecimal) sampled amounts have a decimal comma")
        }
        if dotDecimal > 0 {
            return (".", commaGroups > 0 ? "," : nil, "\(dotDecimal) sampled amounts have a decimal point")
        }
        if commaGroups > 0 { return (".", ",", "no decimals seen; ',' groups thousands") }
        if dotGroups > 0 { return (",", ".", "no decimals seen; '.' groups thousands") }
        return (".", nil, "no separator seen in the sampled amounts")
    }

    /// A YAML scalar, quoted when needed.
    static func yamlString(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }
            && text.first != " " && text.last != " " && !["true", "false", "yes", "no", "null", "on", "off"].contains(text.lowercased())
            && Int(text) == nil && Double(text) == nil
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\t", with: "\\t") + "\""
    }
}
