import Foundation
import HawalaCore

/// What one file's import did: printed at the end of `hawala ingest`, and its `--format json`.
public struct ImportSummary: Hashable, Sendable, Codable {
    /// The file's path as given.
    public var file: String
    /// The file's SHA-256, lower-case hex.
    public var sha256: String
    /// The import specification used.
    public var specification: String
    /// The import's id in the database (the earlier import's when already imported).
    public var importID: Int64
    /// Transfers written.
    public var imported: Int
    /// Records whose transfer id was already stored (kept as extra provenance).
    public var duplicates: Int
    /// Records rejected (listed by `hawala rejects`).
    public var rejected: Int
    /// Written transfers with no exchange rate to the reporting currency (flagged).
    public var withoutRate: Int
    /// `true` when a file with the same SHA-256 was imported before and nothing was written.
    public var alreadyImported: Bool
    /// Wall-clock seconds the import took.
    public var seconds: Double
    /// Records (imported + duplicates + rejected) per second.
    public var rowsPerSecond: Double
    /// Brokers recorded from a broker register (0 for a transfer file).
    public var brokersRecorded = 0
    /// Duplicates whose time, brokers, amount or currency differ from the stored transfer with
    /// the same id (counted in ``duplicates``; the stored, first version is kept).
    public var differingDuplicates = 0
    /// One such duplicate, e.g. `id 1 at line 3: amount 99999.00 AED vs 12500.00 AED`.
    public var differingExample: String?
    /// Warnings about the file that did not stop its import (e.g. an empty file).
    public var warnings: [String] = []

    /// - Parameters: the fields above.
    public init(
        file: String, sha256: String, specification: String, importID: Int64, imported: Int, duplicates: Int,
        rejected: Int, withoutRate: Int, alreadyImported: Bool, seconds: Double, rowsPerSecond: Double
    ) {
        self.file = file
        self.sha256 = sha256
        self.specification = specification
        self.importID = importID
        self.imported = imported
        self.duplicates = duplicates
        self.rejected = rejected
        self.withoutRate = withoutRate
        self.alreadyImported = alreadyImported
        self.seconds = seconds
        self.rowsPerSecond = rowsPerSecond
    }

    enum CodingKeys: String, CodingKey {
        case file, sha256, specification
        case importID = "import_id"
        case imported, duplicates, rejected
        case withoutRate = "without_rate"
        case alreadyImported = "already_imported"
        case seconds
        case rowsPerSecond = "rows_per_second"
        case brokersRecorded = "brokers_recorded"
        case differingDuplicates = "differing_duplicates"
        case differingExample = "differing_example"
        case warnings
    }
}

/// Progress of one file's import, passed to ``Importer``'s progress callback.
public struct ImportProgress: Hashable, Sendable {
    /// The file being imported.
    public var file: String
    /// Records read so far.
    public var records: Int
    /// Bytes read so far, when the reader reports it (``ByteCountingReader``).
    public var bytesRead: Int64?
    /// The file's size in bytes.
    public var totalBytes: Int64
    /// `true` on the last call for this file.
    public var finished: Bool
}

/// A reader that can say how far into its file it is, for a progress bar by bytes.
/// Readers that do not conform get progress by records only.
public protocol ByteCountingReader {
    /// Bytes consumed from the file so far.
    var bytesRead: Int64 { get }
}
