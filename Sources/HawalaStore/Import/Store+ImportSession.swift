import Foundation
import GRDB
import HawalaCore

/// The write side of one file's import, open inside the file's single transaction.
///
/// Obtained only inside ``Store/importFile(_:reportingCurrency:expectedRows:_:)``; never keep
/// it past that closure. Statements are prepared once and bound through the SQLite C API.
/// Broker and party rows are written on first sight within the import (and again only when a
/// record brings different details); a bounded cache keeps memory flat on huge files.
public final class ImportSession {
    /// The id of the `imports` row being written.
    public let importID: Int64
    /// The reporting currency of this import.
    public let reportingCurrency: CurrencyCode
    /// The exchange rates to ``reportingCurrency`` as stored when the import began.
    public let rates: RateTable
    /// Transfers written so far.
    public private(set) var imported = 0
    /// Duplicate transfer ids so far.
    public private(set) var duplicates = 0
    /// Duplicates whose time, brokers, amount or currency differ from the stored transfer
    /// with the same id (the stored, first version is kept).
    public private(set) var differingDuplicates = 0
    /// The first such duplicate, as an example for the import's warning.
    public private(set) var firstDifference: DuplicateDifference?
    /// Rejected records so far.
    public private(set) var rejected = 0
    /// Written transfers without a reporting amount so far.
    public private(set) var unconverted = 0

    private let insertTransfer: RawStatement
    /// Inserts into `temp.import_pending`: records of a bulk load whose id may be stored.
    private let insertPending: RawStatement
    /// Appends to `temp.import_new_parties`: party ids first seen, written sorted at the end.
    private let insertNewParty: RawStatement
    private let insertDuplicate: RawStatement
    private let selectExisting: RawStatement
    private let upsertBroker: RawStatement
    private let upsertParty: RawStatement
    private let insertBrokerID: RawStatement
    private let insertReject: RawStatement
    private let insertAlias: RawStatement
    /// The connection, inside the file's transaction (the session never outlives it).
    private let db: Database
    private var seenAliases = Set<BrokerAlias>()
    private var seenBrokers = Set<Broker>()
    private var seenParties = Set<Party>()
    private var firstSight = FirstSightFilter()
    /// Set for a bulk load (the `transfers(id)` index dropped): ids checked by fingerprint.
    private var fingerprints: TransferIDFingerprints?
    /// Records set aside in `temp.import_pending` so far.
    private var pending = 0
    /// Whether ``finishRecords()`` ran.
    private var finished = false

    private static let cacheLimit = FirstSightFilter.limit

    /// The columns an insert binds, in ``bindTransfer(_:_:time:line:element:)``'s order.
    static let insertColumns = """
        id, time, sender, receiver, originator, beneficiary, amount, currency,
        reporting_amount, reporting_currency, channel, reference, import_id, line, element,
        kind, local_amount, local_currency, received_amount, received_currency
        """

    /// - Parameters:
    ///   - bulk: `true` when the `transfers(id)` index was dropped for this load: ids are then
    ///     checked against fingerprints of the stored ids and of the file's
    ///     (``TransferIDFingerprints``), and the probable duplicates checked exactly in
    ///     ``finishRecords()``.
    init(db: Database, importID: Int64, reportingCurrency: CurrencyCode, rates: RateTable, bulk: Bool = false) throws {
        self.db = db
        self.importID = importID
        self.reportingCurrency = reportingCurrency
        self.rates = rates
        let placeholders = Array(repeating: "?", count: 20).joined(separator: ", ")
        insertTransfer = try RawStatement(
            db, sql: "INSERT INTO transfers(\(Self.insertColumns)) VALUES (\(placeholders))")
        // Per-connection scratch tables (discarded with the connection, so a killed import
        // leaves nothing of them); emptied for each file.
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS import_pending(\(Self.insertColumns));
                CREATE TEMP TABLE IF NOT EXISTS import_new_parties(id TEXT NOT NULL);
                DELETE FROM temp.import_pending;
                DELETE FROM temp.import_new_parties;
                """)
        insertPending = try RawStatement(
            db, sql: "INSERT INTO temp.import_pending(\(Self.insertColumns)) VALUES (\(placeholders))")
        insertNewParty = try RawStatement(db, sql: "INSERT INTO temp.import_new_parties(id) VALUES (?)")
        if bulk {
            // The ids already stored (fewer than the file brings, or the load would not be bulk).
            let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM transfers") ?? 0
            var known = TransferIDFingerprints(capacity: stored)
            let scan = try RawStatement(db, sql: "SELECT id FROM transfers")
            while try scan.step() { _ = known.insert(scan.text(0) ?? "") }
            scan.reset()
            fingerprints = known
        }
        insertDuplicate = try RawStatement(
            db, sql: "INSERT INTO transfer_duplicates(transfer_id, import_id, line, element, differs) VALUES (?, ?, ?, ?, ?)")
        selectExisting = try RawStatement(
            db, sql: "SELECT time, sender, receiver, amount, currency FROM transfers WHERE id = ?")
        upsertBroker = try RawStatement(
            db,
            sql: """
                INSERT INTO brokers(id, name, country, licence) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = coalesce(excluded.name, name),
                    country = coalesce(excluded.country, country), licence = coalesce(excluded.licence, licence)
                """)
        upsertParty = try RawStatement(
            db,
            sql: """
                INSERT INTO parties(id, name, kind, country, birth_date, identified_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = coalesce(excluded.name, name),
                    kind = CASE excluded.kind WHEN 'unknown' THEN kind ELSE excluded.kind END,
                    country = coalesce(excluded.country, country),
                    birth_date = coalesce(excluded.birth_date, birth_date),
                    identified_by = coalesce(excluded.identified_by, identified_by)
                """)
        insertBrokerID = try RawStatement(db, sql: "INSERT OR IGNORE INTO brokers(id) VALUES (?)")
        insertReject = try RawStatement(
            db, sql: "INSERT INTO rejects(import_id, line, element, field, reason, raw, raw_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")
        insertAlias = try RawStatement(
            db, sql: "INSERT OR IGNORE INTO broker_aliases(alias, broker, source, import_id) VALUES (?, ?, ?, ?)")
    }

    /// Writes a transfer, or records it as a duplicate when its id is already stored.
    ///
    /// The time is stored in whole seconds (sub-second parts are dropped). The sender and
    /// receiver brokers and the originator and beneficiary parties are created by id when not
    /// yet known. A `nil` ``Transfer/reportingAmount`` counts as unconverted (flagged).
    /// - Parameters:
    ///   - transfer: the transfer, with its reporting amount already set (or `nil`).
    ///   - line: the record's 1-based line in the file, when known.
    ///   - element: the record's XML element path, when known.
    /// - Returns: whether a row was written or the record was a duplicate.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func insert(_ transfer: Transfer, line: Int?, element: String?) throws -> InsertOutcome {
        try insert(transfer, line: line, element: element, newIDs: firstSight.newIDs(of: transfer))
    }

    /// Writes a transfer as ``insert(_:line:element:)`` does, creating broker and party rows
    /// only for the ids `newIDs` names: for a caller that runs the ``FirstSightFilter`` itself
    /// (on another thread, in the same order as the inserts).
    /// - Parameters:
    ///   - transfer: the transfer, with its reporting amount already set (or `nil`).
    ///   - line: the record's 1-based line in the file, when known.
    ///   - element: the record's XML element path, when known.
    ///   - newIDs: which of its ids a ``FirstSightFilter`` saw first in this transfer.
    /// - Returns: whether a row was written or the record was a duplicate.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func insert(_ transfer: Transfer, line: Int?, element: String?, newIDs: NewIDs) throws -> InsertOutcome {
        if !newIDs.isEmpty {
            if newIDs.contains(.sender) { try Self.ensure(transfer.senderBroker, insertBrokerID) }
            if newIDs.contains(.receiver) { try Self.ensure(transfer.receiverBroker, insertBrokerID) }
            // Parties (about one new per transfer in bulk files) are written sorted at the end:
            // random-order inserts into the `parties` B-tree were the largest single cost.
            if newIDs.contains(.originator), let id = transfer.originator { try Self.ensure(id, insertNewParty) }
            if newIDs.contains(.beneficiary), let id = transfer.beneficiary { try Self.ensure(id, insertNewParty) }
        }

        let time = Int64(transfer.timestamp.timeIntervalSince1970.rounded(.down))
        if fingerprints != nil {
            if fingerprints!.insert(transfer.id) {
                // A new fingerprint: certainly a new id (no UNIQUE index to consult).
                bindTransfer(insertTransfer, transfer, time: time, line: line, element: element)
                _ = try insertTransfer.run()
                imported += 1
                if transfer.reportingAmount == nil { unconverted += 1 }
                return .inserted
            }
            bindTransfer(insertPending, transfer, time: time, line: line, element: element)
            _ = try insertPending.run()
            pending += 1
            return .deferred
        }
        return try insertChecked(transfer, time: time, line: line, element: element)
    }

    /// Binds the ``insertColumns`` of `transfer` to `s`.
    @inline(__always)
    private func bindTransfer(_ s: RawStatement, _ transfer: Transfer, time: Int64, line: Int?, element: String?) {
        s.bind(1, transfer.id)
        s.bind(2, time)
        s.bind(3, transfer.senderBroker)
        s.bind(4, transfer.receiverBroker)
        s.bind(5, transfer.originator)
        s.bind(6, transfer.beneficiary)
        s.bind(7, transfer.amount.minorUnits)
        s.bind(8, transfer.amount.currency.code)
        s.bind(9, transfer.reportingAmount?.minorUnits)
        s.bind(10, transfer.reportingAmount?.currency.code)
        s.bind(11, transfer.channel)
        s.bind(12, transfer.reference)
        s.bind(13, importID)
        s.bind(14, line.map(Int64.init))
        s.bind(15, element)
        s.bind(16, transfer.kind.rawValue)
        s.bind(17, transfer.localAmount?.minorUnits)
        s.bind(18, transfer.localAmount?.currency.code)
        s.bind(19, transfer.receivedAmount?.minorUnits)
        s.bind(20, transfer.receivedAmount?.currency.code)
    }

    /// Inserts `transfer` against the `UNIQUE` index on `transfers(id)`, or records it as a
    /// duplicate of the stored transfer with its id.
    private func insertChecked(_ transfer: Transfer, time: Int64, line: Int?, element: String?) throws -> InsertOutcome {
        let s = insertTransfer
        bindTransfer(s, transfer, time: time, line: line, element: element)
        // A plain INSERT: a duplicate id fails the UNIQUE constraint, which undoes only this
        // statement (measured faster than ON CONFLICT DO NOTHING, which seeks the index twice).
        if try s.runUnlessDuplicate() {
            imported += 1
            if transfer.reportingAmount == nil { unconverted += 1 }
            return .inserted
        }
        // Duplicate id: compare with the stored transfer, record the extra provenance.
        let q = selectExisting
        q.bind(1, transfer.id)
        var differs = true
        var fields: [String] = []
        if try q.step() {
            differs =
                q.int64(0) != time || q.text(1) != transfer.senderBroker || q.text(2) != transfer.receiverBroker
                || q.int64(3) != transfer.amount.minorUnits || q.text(4) != transfer.amount.currency.code
            if differs && firstDifference == nil {
                fields = Self.differences(transfer, time: time, stored: q)
            }
        }
        q.reset()
        if differs {
            differingDuplicates += 1
            if firstDifference == nil {
                firstDifference = DuplicateDifference(
                    transferID: transfer.id, line: line, element: element, fields: fields)
            }
        }
        let d = insertDuplicate
        d.bind(1, transfer.id)
        d.bind(2, importID)
        d.bind(3, line.map(Int64.init))
        d.bind(4, element)
        d.bind(5, Int64(differs ? 1 : 0))
        _ = try d.run()
        duplicates += 1
        return .duplicate(differs: differs)
    }

    /// Ends the file's records: writes the new party ids (sorted, `INSERT OR IGNORE`),
    /// rebuilds the secondary indexes on `transfers` that a bulk load dropped, then checks the
    /// records set aside as probable duplicates exactly, in file order, against the rebuilt
    /// `UNIQUE` index (each becomes a transfer or a duplicate, as in a per-row load).
    /// Runs once; later calls do nothing. Called by ``Store/importFile(_:reportingCurrency:expectedRows:_:)``
    /// after its body, and by an importer that has more to do with the file's transfers
    /// (e.g. ``resolveAliases()``) before that.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func finishRecords() throws {
        guard !finished else { return }
        finished = true
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO parties(id) SELECT id FROM temp.import_new_parties ORDER BY id;
                DELETE FROM temp.import_new_parties;
                """)
        for index in Store.transferIndexes { try db.execute(sql: index.sql) }
        TestHook.reach("import.index")
        guard fingerprints != nil else { return }
        fingerprints = nil  // frees the table; later inserts go through the UNIQUE index
        guard pending > 0 else { return }
        let read = try RawStatement(
            db, sql: "SELECT \(Store.transferColumns), t.line, t.element FROM temp.import_pending t ORDER BY t.rowid")
        defer { read.reset() }
        while try read.step() {
            let transfer = Store.transfer(read)
            let time = Int64(transfer.timestamp.timeIntervalSince1970)
            _ = try insertChecked(transfer, time: time, line: read.int64(17).map { Int($0) }, element: read.text(18))
        }
        try db.execute(sql: "DELETE FROM temp.import_pending")
        TestHook.reach("import.duplicates")
    }

    /// The fields of a duplicate that differ from the stored row `q` (time, sender, receiver,
    /// amount, currency), each as "FIELD NEW vs STORED".
    private static func differences(_ transfer: Transfer, time: Int64, stored q: RawStatement) -> [String] {
        var fields: [String] = []
        let storedTime = q.int64(0) ?? 0
        if storedTime != time {
            let iso = { (s: Int64) in UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval(s))) }
            fields.append("time \(iso(time)) vs \(iso(storedTime))")
        }
        if let sender = q.text(1), sender != transfer.senderBroker {
            fields.append("sender broker \(transfer.senderBroker) vs \(sender)")
        }
        if let receiver = q.text(2), receiver != transfer.receiverBroker {
            fields.append("receiver broker \(transfer.receiverBroker) vs \(receiver)")
        }
        let storedCurrency = q.text(4).flatMap { CurrencyCode($0) }
        let storedMinor = q.int64(3) ?? 0
        if storedMinor != transfer.amount.minorUnits || storedCurrency != transfer.amount.currency {
            let before = storedCurrency.map { Money(minorUnits: storedMinor, currency: $0).description }
                ?? "\(storedMinor) (minor units) \(q.text(4) ?? "")"
            fields.append("amount \(transfer.amount) vs \(before)")
        }
        return fields
    }

    /// Makes sure a broker or party row exists for `id` (`INSERT OR IGNORE`).
    @inline(__always)
    private static func ensure(_ id: String, _ insert: RawStatement) throws {
        insert.bind(1, id)
        _ = try insert.run()
    }

    /// Records a broker's details (new fields fill or replace the stored ones; `nil` fields
    /// never erase what is known).
    /// - Parameter broker: the broker as the record gives it.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func record(broker: Broker) throws {
        guard !seenBrokers.contains(broker) else { return }
        if seenBrokers.count >= Self.cacheLimit { seenBrokers.removeAll(keepingCapacity: true) }
        seenBrokers.insert(broker)
        let s = upsertBroker
        s.bind(1, broker.id)
        s.bind(2, broker.name)
        s.bind(3, broker.country)
        s.bind(4, broker.licence)
        _ = try s.run()
    }

    /// Records a party's details (as for brokers; a known kind is never reset to `unknown`).
    /// - Parameter party: the party as the record gives it.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func record(party: Party) throws {
        guard !seenParties.contains(party) else { return }
        if seenParties.count >= Self.cacheLimit { seenParties.removeAll(keepingCapacity: true) }
        seenParties.insert(party)
        let s = upsertParty
        s.bind(1, party.id)
        s.bind(2, party.name)
        s.bind(3, party.kind.rawValue)
        s.bind(4, party.country)
        s.bind(5, party.birthDate)
        s.bind(6, party.identifiedBy)
        _ = try s.run()
    }

    /// Records a rejected record.
    /// - Parameters:
    ///   - location: the line or element and field (the file is the import's).
    ///   - reason: why, readable.
    ///   - raw: the raw record.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    ///   - rawBytes: the record's exact bytes (stored as a BLOB), when it is a byte range of the file.
    public func reject(location: SourceLocation, reason: String, raw: String, rawBytes: [UInt8]? = nil) throws {
        let s = insertReject
        s.bind(1, importID)
        s.bind(2, location.line.map(Int64.init))
        s.bind(3, location.element)
        s.bind(4, location.field)
        s.bind(5, reason)
        s.bind(6, raw)
        s.bind(7, rawBytes)
        _ = try s.run()
        rejected += 1
    }

    /// Rewrites this import's transfers that name a broker by an alias recorded in this import
    /// (and standing for exactly one broker) to that broker, and drops broker rows left
    /// without transfers that are only such aliases. Called once, after the file's records.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func resolveAliases() throws {
        guard !seenAliases.isEmpty else { return }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS alias_map (alias TEXT PRIMARY KEY, broker TEXT NOT NULL); DELETE FROM alias_map")
        try db.execute(
            sql: """
                INSERT INTO alias_map(alias, broker)
                    SELECT alias, min(broker) FROM broker_aliases WHERE import_id = ? GROUP BY alias HAVING count(*) = 1
                """, arguments: [importID])
        for side in ["sender", "receiver"] {
            try db.execute(
                sql: """
                    UPDATE transfers SET \(side) = (SELECT broker FROM alias_map WHERE alias = transfers.\(side))
                    WHERE import_id = ? AND \(side) IN (SELECT alias FROM alias_map)
                    """, arguments: [importID])
        }
        try db.execute(
            sql: """
                DELETE FROM brokers WHERE id IN (SELECT alias FROM alias_map)
                    AND id NOT IN (SELECT sender FROM transfers WHERE sender IN (SELECT alias FROM alias_map)
                                   UNION SELECT receiver FROM transfers WHERE receiver IN (SELECT alias FROM alias_map));
                DROP TABLE alias_map;
                """)
    }

    /// Records that `alias` names `broker` (once per pair and import).
    /// - Parameter alias: the alias, the broker and where the file says so.
    /// - Throws: a GRDB `DatabaseError` when SQLite refuses the write.
    public func record(alias: BrokerAlias) throws {
        guard alias.alias != alias.broker, !seenAliases.contains(alias) else { return }
        seenAliases.insert(alias)
        let s = insertAlias
        s.bind(1, alias.alias)
        s.bind(2, alias.broker)
        s.bind(3, alias.source)
        s.bind(4, importID)
        _ = try s.run()
    }
}

extension Store {
    /// The finished import of a file with this SHA-256, if any.
    /// - Parameter sha256: lower-case hex SHA-256.
    /// - Returns: the import, or `nil`.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func importRecord(sha256: String) throws(StoreError) -> StoredImport? {
        try read("look up an import") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE sha256 = ?", arguments: [sha256])
                .map(Store.storedImport)
        }
    }

    /// Imports one file in one SQLite transaction: either everything `body` writes is committed
    /// together with the `imports` row, or (when `body` throws, or the process dies) nothing.
    ///
    /// When a file with the same SHA-256 was imported before, `body` is not called and the
    /// earlier import is returned as ``ImportOutcome/alreadyImported(_:)``.
    ///
    /// Indexes: when the file is expected to bring more rows than the database holds (a bulk
    /// load), both indexes on `transfers` (`transfers_id`, `transfers_time`) are dropped before
    /// the load and rebuilt at its end, inside the same transaction (bulk loading into indexed
    /// tables measured ~5x slower); meanwhile ids are checked by fingerprint and the probable
    /// duplicates exactly once the index is back (``ImportSession/finishRecords()``,
    /// docs/schema.md "Bulk loads").
    /// - Parameters:
    ///   - file: the file's path, SHA-256, size and specification.
    ///   - reportingCurrency: the currency of reporting amounts (default USD).
    ///   - expectedRows: an estimate of the file's records, for the index decision.
    ///   - body: writes the records through the ``ImportSession``.
    /// - Returns: the committed import, or the earlier one.
    /// - Throws: whatever `body` throws, unchanged (after rolling back); ``StoreError`` `.io`
    ///   when SQLite fails.
    @discardableResult
    public func importFile(
        _ file: ImportFile, reportingCurrency: CurrencyCode = .usd, expectedRows: Int = 0,
        _ body: (ImportSession) throws -> Void
    ) throws -> ImportOutcome {
        var outcome: ImportOutcome?
        do {
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    if let earlier = try Row.fetchOne(
                        db, sql: "SELECT * FROM imports WHERE sha256 = ?", arguments: [file.sha256])
                    {
                        outcome = .alreadyImported(Store.storedImport(earlier))
                        return .rollback
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO imports(id, path, sha256, size, specification, reporting_currency, started_at)
                            VALUES ((SELECT 1 + max(coalesce((SELECT max(id) FROM imports), 0),
                                                    coalesce((SELECT max(id) FROM removed_imports), 0))),
                                    ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            file.path, file.sha256, file.size, file.specification, reportingCurrency.code,
                            Int64(Date().timeIntervalSince1970),
                        ])
                    let importID = db.lastInsertedRowID
                    let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM transfers") ?? 0
                    let bulk = expectedRows > existing
                    if bulk {
                        for index in Store.transferIndexes {
                            try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)")
                        }
                    }
                    let rates = RateTable(reportingCurrency: reportingCurrency, rates: try Store.fetchRates(db, reportingCurrency))
                    let session = try ImportSession(
                        db: db, importID: importID, reportingCurrency: reportingCurrency, rates: rates, bulk: bulk)
                    TestHook.reach("import.begin")
                    try body(session)
                    try session.finishRecords()
                    try db.execute(
                        sql: """
                            UPDATE imports SET finished_at = ?, imported = ?, duplicates = ?, rejected = ?, unconverted = ?
                            WHERE id = ?
                            """,
                        arguments: [
                            Int64(Date().timeIntervalSince1970), session.imported, session.duplicates,
                            session.rejected, session.unconverted, importID,
                        ])
                    if let row = try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE id = ?", arguments: [importID]) {
                        outcome = .imported(Store.storedImport(row))
                    }
                    TestHook.reach("import.commit")
                    return .commit
                }
            }
            TestHook.reach("import.committed")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError(
                .locked,
                "cannot import \(file.path): another process is writing to the database (another import?) and did not finish within the wait (--wait SECONDS)",
                location: SourceLocation(file: path), underlying: error)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError(
                .io, "cannot import \(file.path): the disk is full; nothing of this file was kept",
                location: SourceLocation(file: path), underlying: error)
        } catch let error as DatabaseError {
            throw StoreError(
                .io, "cannot import \(file.path) into the database", location: SourceLocation(file: path),
                underlying: error)
        }
        guard let outcome else {
            throw StoreError(.io, "the import of \(file.path) left no record", location: SourceLocation(file: path))
        }
        return outcome
    }

    /// Decodes an `imports` row.
    static func storedImport(_ row: Row) -> StoredImport {
        StoredImport(
            id: row["id"],
            file: ImportFile(path: row["path"], sha256: row["sha256"], size: row["size"], specification: row["specification"]),
            reportingCurrency: CurrencyCode(row["reporting_currency"] as String) ?? .usd,
            startedAt: Date(timeIntervalSince1970: TimeInterval(row["started_at"] as Int64)),
            finishedAt: (row["finished_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
            imported: row["imported"], duplicates: row["duplicates"], rejected: row["rejected"],
            unconverted: row["unconverted"])
    }
}

/// A record whose transfer id was already stored with different content: an example for the
/// import's "duplicates differ" warning.
public struct DuplicateDifference: Hashable, Sendable {
    /// The transfer id.
    public var transferID: String
    /// The record's 1-based line in its file (CSV), when known.
    public var line: Int?
    /// The record's XML element path (goAML), when known.
    public var element: String?
    /// What differs, each "FIELD NEW vs STORED", e.g. `amount 99999.00 AED vs 12500.00 AED`.
    public var fields: [String]

    /// One line: "id 1 at line 3: amount 99999.00 AED vs 12500.00 AED".
    public var text: String {
        var place = ""
        if let line { place = " at line \(line)" } else if let element { place = " at \(element)" }
        return "id \(transferID)\(place): " + fields.joined(separator: ", ")
    }
}
