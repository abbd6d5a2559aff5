import Foundation
import HawalaCore
import HawalaStore

/// Writes the records of one file into the store, in one transaction per file.
///
/// Rules (issue 2, docs/schema.md):
/// - a kill at any moment leaves the database as before the file or after it, never between;
/// - a file whose SHA-256 was imported before writes nothing (``ImportSummary/alreadyImported``);
/// - a transfer id already stored (from another file, or earlier in this one) is recorded once,
///   with every provenance (counted as a duplicate);
/// - a rejected record goes to `rejects` and the import goes on, unless `strict`: then the
///   first rejected record rolls the file back and throws ``IngestError`` `.rejectedUnderStrict`;
/// - each transfer gets its amount in the reporting currency from the stored exchange rates
///   (``RateTable``: dated rate valid on the transfer's UTC day, else the undated rate; 1 when
///   already in the reporting currency); with no rate it is kept without one (flagged).
public struct Importer {
    /// The database written to.
    public let store: Store
    /// The reporting currency (default USD).
    public let reportingCurrency: CurrencyCode
    /// Stop at the first rejected record and import nothing from that file.
    public let strict: Bool
    /// Called every ``progressInterval`` records and once at the end of each file.
    public let progress: ((ImportProgress) -> Void)?
    /// Records between progress calls.
    public var progressInterval = 16_384
    /// Read and validate records on a second thread while this one writes them (default
    /// `true`; docs/benchmarks.md "Ingest"). The outcome is the same either way: one
    /// transaction per file, the same errors, the same rows.
    public var readsAhead = true
    /// Records per batch handed from the reading thread to the writing thread.
    public var readAheadBatch = 4_096
    /// Batches that may wait between the threads (bounds memory: about 2 KiB per record).
    public var readAheadBatches = 4

    /// - Parameters:
    ///   - store: the database.
    ///   - reportingCurrency: the currency of reporting amounts.
    ///   - strict: `true` for `--strict`.
    ///   - progress: a progress callback (on the importing thread), or `nil`.
    public init(
        store: Store, reportingCurrency: CurrencyCode = .usd, strict: Bool = false,
        progress: ((ImportProgress) -> Void)? = nil
    ) {
        self.store = store
        self.reportingCurrency = reportingCurrency
        self.strict = strict
        self.progress = progress
    }

    /// Whether a file with this SHA-256 was already imported (check before opening a reader).
    /// - Parameter sha256: lower-case hex SHA-256.
    /// - Returns: the earlier import's summary (``ImportSummary/alreadyImported`` set), or `nil`.
    /// - Throws: ``IngestError`` `.store` when the database cannot be read.
    public func earlierImport(sha256: String) throws(IngestError) -> ImportSummary? {
        do {
            return try store.importRecord(sha256: sha256).map {
                Importer.summary($0, path: $0.file.path, already: true, seconds: 0)
            }
        } catch {
            throw IngestError(.store, "cannot read the database", location: SourceLocation(file: store.path), underlying: error)
        }
    }

    /// Imports every record `reader` yields, in one transaction.
    /// - Parameters:
    ///   - reader: the file's reader, positioned at its start.
    ///   - path: the file's path as given (recorded with the import and in error messages).
    ///   - sha256: the file's SHA-256, lower-case hex (``FileDigest/sha256(path:)``).
    ///   - size: the file's size in bytes.
    /// - Returns: the counts and the rate.
    /// - Throws: ``IngestError``: `.rejectedUnderStrict` (file, line or element, field and
    ///   reason of the first rejected record) under `strict`, also for a file with no records
    ///   (without `strict` such a file is recorded with a warning); the reader's own errors (e.g.
    ///   `.malformed`, `.io`) — in both cases nothing of this file is kept; `.store` when
    ///   SQLite fails.
    public func importFile(reader: some TransferReader, path: String, sha256: String, size: Int64) throws(IngestError)
        -> ImportSummary
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let reader = LimitCheckingReader(base: reader)
        let file = ImportFile(path: path, sha256: sha256, size: size, specification: reader.specificationName)
        let outcome: ImportOutcome
        var records = 0
        var brokers = 0
        var differing = 0
        var example: String?
        do {
            // ~60 bytes per record is the smallest realistic canonical row: an upper bound on rows.
            outcome = try store.importFile(file, reportingCurrency: reportingCurrency, expectedRows: Int(size / 60)) {
                session in
                var writer = RecordWriter(importer: self, session: session, path: path, size: size)
                if readsAhead {
                    // Read and validate on a second thread; write here (the SQLite connection's thread).
                    let queue = startReading(reader)
                    defer {
                        queue.cancel()
                        queue.waitUntilReaderFinished()
                    }
                    reading: while true {
                        switch queue.take() {
                        case .batch(let batch, let newIDs, let bytesRead):
                            writer.bytesRead = bytesRead
                            for (record, new) in zip(batch, newIDs) { try writer.write(record, newIDs: new) }
                            queue.giveBack(batch)
                        case .end: break reading
                        case .failure(let error): throw error
                        }
                    }
                } else {
                    var reader = reader
                    while let record = try reader.next() {
                        writer.bytesRead = (reader as? any ByteCountingReader)?.bytesRead
                        try writer.write(record)
                    }
                }
                // Indexes rebuilt and probable duplicates checked, so alias resolution below sees
                // every transfer of the file (docs/schema.md, "Imports").
                try session.finishRecords()
                // A broker named in one transaction only by an alias another gave (a BIC, a name).
                try session.resolveAliases()
                records = writer.records
                brokers = writer.brokers
                differing = session.differingDuplicates
                example = session.firstDifference?.text
                if records == 0 && strict {
                    throw IngestError(
                        .rejectedUnderStrict,
                        "\(Importer.emptyFileText); under --strict nothing from this file was recorded",
                        location: SourceLocation(file: path))
                }
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(
                .store, "cannot write the records of \(path) to the database", location: SourceLocation(file: path),
                underlying: error)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        progress?(ImportProgress(file: path, records: records, bytesRead: size, totalBytes: size, finished: true))
        switch outcome {
        case .imported(let stored):
            var summary = Importer.summary(stored, path: path, already: false, seconds: seconds)
            summary.brokersRecorded = brokers
            summary.differingDuplicates = differing
            summary.differingExample = example
            if records == 0 { summary.warnings.append(Importer.emptyFileText + "; the import is recorded with 0 transfers") }
            return summary
        case .alreadyImported(let stored): return Importer.summary(stored, path: path, already: true, seconds: seconds)
        }
    }

    /// The per-record work of one file's import, on the writing thread.
    struct RecordWriter {
        let session: ImportSession
        let rates: RateTable
        let strict: Bool
        let path: String
        let size: Int64
        let progress: ((ImportProgress) -> Void)?
        let progressInterval: Int
        /// The reader's byte count after the records written so far, when it counts bytes.
        var bytesRead: Int64?
        private(set) var records = 0
        private(set) var brokers = 0

        init(importer: Importer, session: ImportSession, path: String, size: Int64) {
            self.session = session
            self.rates = session.rates
            self.strict = importer.strict
            self.path = path
            self.size = size
            self.progress = importer.progress
            self.progressInterval = max(importer.progressInterval, 1)
        }

        /// Writes one record (transfer, reject or broker details).
        /// - Throws: ``IngestError`` `.rejectedUnderStrict` for a rejected record under
        ///   `strict`; the store's errors unchanged.
        /// - Parameters:
        ///   - record: the record.
        ///   - newIDs: its first-seen broker and party ids when the reading thread ran the
        ///     ``FirstSightFilter``; `nil` lets the session run its own.
        mutating func write(_ record: IngestRecord, newIDs: NewIDs? = nil) throws {
            records += 1
            defer { TestHook.reach("import.records", count: records) }
            switch record {
            case .transfer(let row):
                var transfer = row.transfer
                let seconds = Int64(transfer.timestamp.timeIntervalSince1970.rounded(.down))
                transfer.reportingAmount = rates.convert(transfer.amount, atSeconds: seconds)
                for broker in row.brokers where broker.name != nil || broker.country != nil || broker.licence != nil {
                    try session.record(broker: broker)
                }
                for party in row.parties
                where party.name != nil || party.country != nil || party.kind != .unknown || party.identifiedBy != nil {
                    try session.record(party: party)
                }
                for alias in row.aliases { try session.record(alias: alias) }
                if let newIDs {
                    _ = try session.insert(transfer, line: row.location.line, element: row.location.element, newIDs: newIDs)
                } else {
                    _ = try session.insert(transfer, line: row.location.line, element: row.location.element)
                }
            case .rejected(let rejected):
                if strict {
                    var location = rejected.location
                    if location.file.isEmpty { location.file = path }
                    throw IngestError(
                        .rejectedUnderStrict,
                        "\(rejected.reason); under --strict nothing from this file was imported",
                        location: location)
                }
                try session.reject(
                    location: rejected.location, reason: rejected.reason, raw: rejected.raw, rawBytes: rejected.rawBytes)
            case .broker(let broker, _):
                brokers += 1
                try session.record(broker: broker)
            }
            if records % progressInterval == 0, let progress {
                progress(ImportProgress(file: path, records: records, bytesRead: bytesRead, totalBytes: size, finished: false))
            }
        }
    }

    /// The warning for a file with no records.
    static let emptyFileText = "the file has no records (it is empty or has only a header)"

    static func summary(_ stored: StoredImport, path: String, already: Bool, seconds: Double) -> ImportSummary {
        let rows = already ? 0 : stored.imported + stored.duplicates + stored.rejected
        return ImportSummary(
            file: path, sha256: stored.file.sha256, specification: stored.file.specification,
            importID: stored.id, imported: already ? 0 : stored.imported, duplicates: already ? 0 : stored.duplicates,
            rejected: already ? 0 : stored.rejected, withoutRate: already ? 0 : stored.unconverted,
            alreadyImported: already, seconds: seconds, rowsPerSecond: seconds > 0 ? Double(rows) / seconds : 0)
    }
}
