import Foundation
import HawalaCore

/// Reads a broker register: a CSV with a header naming `id`, `name`, `country` and optionally
/// `licence` (or `license`, `registration`), one broker (hawaladar, exchange house, MSB) per
/// row, as `hawala simulate` writes `brokers.csv` and as a supervisor's register of licensed
/// money-service businesses is usually exported.
///
/// Yields ``IngestRecord/broker(_:location:)`` for each valid row, so `hawala ingest` records
/// names, countries and licences beside the transfers. Detected from its header; named with
/// `--spec brokers`.
public struct BrokerRegisterReader: TransferReader {
    /// The name recorded with the import and accepted by `--spec`.
    public static let specificationName = "brokers"

    public let path: String
    public var specificationName: String { Self.specificationName }

    private let parser: CSVParser
    private let columns: (id: Int, name: Int?, country: Int?, licence: Int?)

    /// Opens a register and reads its header.
    /// - Parameter path: the CSV file (UTF-8, RFC 4180; comma-, semicolon- or tab-separated,
    ///   detected from the header).
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be opened, `.malformed`
    ///   when the header lacks an `id` column.
    public init(path: String) throws(IngestError) {
        self.path = path
        var parser = try CSVParser(path: path)
        guard try parser.nextRecord() else {
            throw IngestError(.malformed, "empty broker register; expected a header with id,name,country[,licence]",
                location: SourceLocation(file: path, line: 1))
        }
        // A register exported with ';' or tab: the header reads as one comma field holding the
        // other delimiter; read the file again with that one.
        if let only = parser.fields().first, parser.fields().count == 1,
            let delimiter = [UInt8(ascii: ";"), UInt8(ascii: "\t")].first(where: { only.utf8.contains($0) })
        {
            parser = try CSVParser(path: path, delimiter: delimiter)
            _ = try parser.nextRecord()
        }
        self.parser = parser
        let header = parser.fields().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ names: String...) -> Int? { header.firstIndex { names.contains($0) } }
        guard let id = column("id", "broker_id") else {
            let found = header.count == 1
                ? "the header was read as one column '\(header[0])'; separate the columns with ',', ';' or a tab"
                : "found: \(header.joined(separator: ", "))"
            throw IngestError(.malformed, "the broker register's header has no 'id' column; expected id,name,country[,licence]; \(found)",
                location: SourceLocation(file: path, line: 1, field: "id"))
        }
        columns = (id, column("name"), column("country"), column("licence", "license", "registration"))
    }

    public mutating func next() throws(IngestError) -> IngestRecord? {
        while try parser.nextRecord() {
            let line = parser.line
            let fields = parser.fields()
            if fields.count == 1 && fields[0].isEmpty { continue }
            func value(_ index: Int?) -> String? {
                guard let index, index < fields.count else { return nil }
                let text = fields[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            func reject(_ field: String, _ reason: String) -> IngestRecord {
                .rejected(RejectedRow(
                    location: SourceLocation(file: path, line: line, field: field), reason: reason,
                    raw: parser.rawRecord()))
            }
            if let breach = parser.limitBreach { return reject("id", breach) }
            guard let id = value(columns.id) else { return reject("id", "missing id: every broker needs its identifier") }
            var country = value(columns.country)
            if let given = country {
                let upper = given.uppercased()
                guard upper.count == 2, upper.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else {
                    return reject("country", "country '\(given)' is not an ISO 3166-1 alpha-2 code (two letters, e.g. AF)")
                }
                country = upper
            }
            let broker = Broker(id: id, name: value(columns.name), country: country, licence: value(columns.licence))
            return .broker(broker, location: SourceLocation(file: path, line: line))
        }
        return nil
    }
}
