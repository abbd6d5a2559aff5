import Foundation
import HawalaCore
import HawalaStore

/// The exchange-rates file of `hawala rates import FILE` (docs/schema.md, "Exchange rates").
///
/// CSV, UTF-8, one rate per line: `currency,rate[,date]`, meaning one unit of `currency` is
/// worth `rate` units of the reporting currency (major units), from UTC day `date`
/// (`YYYY-MM-DD`) on; without a date the rate applies wherever no dated rate does. An optional
/// first line `currency,rate[,date]` is a header. Blank lines and lines starting with `#` are
/// skipped. Example: `AED,0.2723,2026-01-01` (1 AED = 0.2723 USD from 1 January 2026).
public enum ExchangeRatesFile {
    /// Reads and validates a whole rates file (all lines are checked before any is stored).
    /// - Parameters:
    ///   - path: the file.
    ///   - reportingCurrency: the currency the rates convert to.
    /// - Returns: the rates in file order.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be read; `.malformed`
    ///   naming the line and field for an unknown currency, a rate that is not a positive
    ///   decimal, an impossible date, or a wrong number of fields (saying so when the line is
    ///   separated by semicolons or tabs instead of commas).
    public static func read(path: String, reportingCurrency: CurrencyCode) throws(IngestError) -> [ExchangeRate] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw IngestError(.missingInput, "cannot read the rates file", location: SourceLocation(file: path), underlying: error)
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rates: [ExchangeRate] = []
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = offset + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if line == 1 || rates.isEmpty, fields.first?.lowercased() == "currency" { continue }
            func fail(_ field: String, _ message: String) -> IngestError {
                IngestError(.malformed, message, location: SourceLocation(file: path, line: line, field: field))
            }
            if let first = fields.first, let other = [";", "\t"].first(where: { first.contains($0) }) {
                let name = other == ";" ? "semicolons" : "tabs"
                throw fail(
                    "line", "expected 'currency,rate[,date]' separated by commas; this line is separated by \(name) "
                        + "(an exchange-rates file must be comma-separated, with '.' as the decimal separator)")
            }
            guard fields.count == 2 || fields.count == 3 else {
                throw fail("line", "expected 'currency,rate[,date]', found \(fields.count) fields")
            }
            guard let currency = CurrencyCode(fields[0]) else {
                throw fail("currency", "'\(fields[0])' is not an ISO 4217 currency code")
            }
            var validFrom: Date?
            if fields.count == 3, !fields[2].isEmpty {
                guard let date = day(fields[2]) else {
                    throw fail("date", "'\(fields[2])' is not a date YYYY-MM-DD")
                }
                validFrom = date
            }
            guard
                let rate = ExchangeRate(
                    currency: currency, reportingCurrency: reportingCurrency, validFrom: validFrom, rate: fields[1])
            else {
                throw fail(
                    "rate", "'\(fields[1])' is not a positive decimal rate (digits and one '.', at most 15 decimals)")
            }
            rates.append(rate)
        }
        guard !rates.isEmpty else {
            throw IngestError(
                .malformed,
                "the rates file holds no exchange rate; expected lines 'currency,rate[,date]' such as 'AED,0.2723'",
                location: SourceLocation(file: path))
        }
        return rates
    }

    /// Parses `YYYY-MM-DD`, refusing impossible dates.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            let seconds = UTCTime.epochSeconds(year: year, month: month, day: day)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
