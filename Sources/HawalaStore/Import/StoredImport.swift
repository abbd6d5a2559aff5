import Foundation
import HawalaCore

/// The file an import reads: what is recorded in the `imports` table.
public struct ImportFile: Hashable, Sendable, Codable {
    /// The file's path as given on the command line.
    public var path: String
    /// The file's SHA-256, lower-case hex (64 characters).
    public var sha256: String
    /// The file's size in bytes.
    public var size: Int64
    /// The import specification's name, e.g. `"canonical"`, `"goaml"`.
    public var specification: String

    /// - Parameters:
    ///   - path: the path as given.
    ///   - sha256: the SHA-256 in lower-case hex.
    ///   - size: the size in bytes.
    ///   - specification: the import specification's name.
    public init(path: String, sha256: String, size: Int64, specification: String) {
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.specification = specification
    }
}

/// One finished import, as listed by `hawala stats` and recorded in `imports`.
public struct StoredImport: Hashable, Sendable, Codable {
    /// The import's id (`imports.id`).
    public var id: Int64
    /// The file read.
    public var file: ImportFile
    /// The reporting currency used for reporting amounts.
    public var reportingCurrency: CurrencyCode
    /// When the import started, UTC (whole seconds).
    public var startedAt: Date
    /// When it finished (committed), UTC (whole seconds).
    public var finishedAt: Date?
    /// Transfers written (new transfer ids).
    public var imported: Int
    /// Records whose transfer id was already in the database (recorded as extra provenance).
    public var duplicates: Int
    /// Records rejected by validation (in `rejects`).
    public var rejected: Int
    /// Imported transfers with no exchange rate to the reporting currency (flagged).
    public var unconverted: Int

    enum CodingKeys: String, CodingKey {
        case id, file
        case reportingCurrency = "reporting_currency"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case imported, duplicates, rejected, unconverted
    }
}

/// One rejected record, as listed by `hawala rejects`.
public struct StoredReject: Hashable, Sendable, Codable {
    /// The reject's id (`rejects.id`).
    public var id: Int64
    /// The import it belongs to.
    public var importID: Int64
    /// File, line or element, and field.
    public var location: SourceLocation
    /// Why it was rejected.
    public var reason: String
    /// The raw record as read (a byte not valid in the file's encoding written `\xHH`).
    public var raw: String
    /// The raw record's exact bytes in upper-case hex, when stored (CSV records).
    public var rawHex: String?

    enum CodingKeys: String, CodingKey {
        case id
        case importID = "import_id"
        case location, reason, raw
        case rawHex = "raw_hex"
    }
}

/// What happened to one record offered to ``ImportSession/insert(_:line:element:)``.
public enum InsertOutcome: Hashable, Sendable {
    /// A new transfer row was written.
    case inserted
    /// The transfer id was already stored (from this or another file): the record was kept
    /// as extra provenance only. `differs` is `true` when its time, brokers, amount or currency
    /// disagree with the stored transfer.
    case duplicate(differs: Bool)
    /// A bulk load found the id's fingerprint already held (the id is probably stored): the
    /// record is checked exactly when the file's records end
    /// (``ImportSession/finishRecords()``), and counted there as a transfer or a duplicate.
    case deferred
}

/// The outcome of ``Store/importFile(_:reportingCurrency:expectedRows:_:)``.
public enum ImportOutcome: Hashable, Sendable {
    /// The file was imported; the committed record.
    case imported(StoredImport)
    /// A file with the same SHA-256 was imported before: nothing was written.
    case alreadyImported(StoredImport)
}
