import Foundation
import GRDB
import HawalaCore

/// What ``Store/removeImport(id:)`` did.
public struct RemovedImport: Hashable, Sendable, Codable {
    /// The import taken out.
    public var removed: StoredImport
    /// Its transfers deleted (no other import held them).
    public var transfersDeleted: Int
    /// Its transfers kept because another import also holds them; their provenance now
    /// names that import's line or element.
    public var transfersKept: Int
    /// Of ``transfersKept``: those whose other import gave different values (time, brokers,
    /// amount or currency); the stored values are still the removed file's.
    public var transfersKeptDiffering: Int
    /// Its rejects deleted.
    public var rejectsDeleted: Int
    /// Its duplicate records (provenance of transfers first read from another file) deleted.
    public var duplicatesDeleted: Int

    enum CodingKeys: String, CodingKey {
        case removed
        case transfersDeleted = "transfers_deleted"
        case transfersKept = "transfers_kept"
        case transfersKeptDiffering = "transfers_kept_differing"
        case rejectsDeleted = "rejects_deleted"
        case duplicatesDeleted = "duplicates_deleted"
    }
}

/// An import an analysis run covered (table `analysis_run_imports`), kept after the import is removed.
public struct CoveredImport: Hashable, Sendable, Codable {
    /// The import's id (it may have been removed since).
    public var importID: Int64
    /// The file's path as imported.
    public var path: String
    /// The file's SHA-256, lower-case hex.
    public var sha256: String

    enum CodingKeys: String, CodingKey {
        case importID = "import_id"
        case path, sha256
    }
}

extension Store {
    /// Takes one import out of the database in one transaction, so the file can be read again
    /// (e.g. with the right specification): its transfers (a transfer another import also
    /// holds stays, with that import's earliest record as its provenance), its duplicate
    /// records, its rejects, its broker aliases and the `imports` row (recorded in
    /// `removed_imports`, so its id is never reused). Brokers and parties stay
    /// (a broker register or another file may name them); analysis runs stay and keep the list
    /// of imports they covered (``coveredImports(run:)``).
    /// - Parameter id: the import's id (`hawala imports`).
    /// - Returns: what was removed and kept.
    /// - Throws: ``StoreError`` `.notFound` when no import has that id; `.io` when SQLite fails
    ///   (then nothing was removed).
    public func removeImport(id: Int64) throws(StoreError) -> RemovedImport {
        try write("remove import \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no import with id \(id) (see `hawala imports`)", location: SourceLocation(file: path))
            }
            let removed = Store.storedImport(row)
            // Transfers another import also holds: the earliest other record becomes the provenance.
            try db.execute(
                sql: """
                    CREATE TEMP TABLE IF NOT EXISTS promoted (transfer_id TEXT PRIMARY KEY, dup_rowid INTEGER, differs INTEGER);
                    DELETE FROM promoted;
                    INSERT INTO promoted(transfer_id, dup_rowid, differs)
                        SELECT d.transfer_id, min(d.rowid), 0
                        FROM transfer_duplicates d JOIN transfers t ON t.id = d.transfer_id
                        WHERE t.import_id = ?1 AND d.import_id <> ?1
                        GROUP BY d.transfer_id;
                    UPDATE promoted SET differs = (SELECT d.differs FROM transfer_duplicates d WHERE d.rowid = promoted.dup_rowid);
                    """, arguments: [id])
            let kept = try Int.fetchOne(db, sql: "SELECT count(*) FROM promoted") ?? 0
            let keptDiffering = try Int.fetchOne(db, sql: "SELECT count(*) FROM promoted WHERE differs = 1") ?? 0
            try db.execute(
                sql: """
                    UPDATE transfers SET
                        import_id = (SELECT d.import_id FROM transfer_duplicates d JOIN promoted p ON p.dup_rowid = d.rowid
                                     WHERE p.transfer_id = transfers.id),
                        line = (SELECT d.line FROM transfer_duplicates d JOIN promoted p ON p.dup_rowid = d.rowid
                                WHERE p.transfer_id = transfers.id),
                        element = (SELECT d.element FROM transfer_duplicates d JOIN promoted p ON p.dup_rowid = d.rowid
                                   WHERE p.transfer_id = transfers.id)
                    WHERE id IN (SELECT transfer_id FROM promoted);
                    DELETE FROM transfer_duplicates WHERE rowid IN (SELECT dup_rowid FROM promoted);
                    """)
            try db.execute(sql: "DELETE FROM transfers WHERE import_id = ?", arguments: [id])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM transfer_duplicates WHERE import_id = ?", arguments: [id])
            let duplicates = db.changesCount
            try db.execute(sql: "DELETE FROM rejects WHERE import_id = ?", arguments: [id])
            let rejects = db.changesCount
            try db.execute(sql: "DELETE FROM broker_aliases WHERE import_id = ?", arguments: [id])
            // Recorded, so the id is never given to another file and the removal is on record.
            try db.execute(
                sql: """
                    INSERT INTO removed_imports(id, path, sha256, specification, imported, removed_at)
                    SELECT id, path, sha256, specification, imported, ? FROM imports WHERE id = ?
                    """, arguments: [Int64(Date().timeIntervalSince1970), id])
            try db.execute(sql: "DELETE FROM imports WHERE id = ?", arguments: [id])
            try db.execute(sql: "DROP TABLE promoted")
            return RemovedImport(
                removed: removed, transfersDeleted: deleted, transfersKept: kept, transfersKeptDiffering: keptDiffering,
                rejectsDeleted: rejects, duplicatesDeleted: duplicates)
        }
    }

    /// The imports an analysis run covered (recorded when the run was saved).
    /// - Parameter run: the run's id.
    /// - Returns: the imports, by id; empty for runs saved before this was recorded.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func coveredImports(run: Int64) throws(StoreError) -> [CoveredImport] {
        try read("read the imports of analysis run \(run)") { db in
            try Row.fetchAll(
                db, sql: "SELECT import_id, path, sha256 FROM analysis_run_imports WHERE run_id = ? ORDER BY import_id",
                arguments: [run]
            ).map { CoveredImport(importID: $0["import_id"], path: $0["path"], sha256: $0["sha256"]) }
        }
    }

    /// Transfers between brokers without a reporting amount, per currency.
    /// - Returns: the number of transfers between brokers (cash deposits and withdrawals
    ///   excluded) and, per currency, how many have no reporting amount (most first).
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func missingReportingAmounts() throws(StoreError) -> (transfers: Int, missing: [(currency: String, count: Int)]) {
        try read("count transfers without a reporting amount") { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM transfers WHERE kind = 'transfer'") ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT currency, count(*) AS n FROM transfers WHERE kind = 'transfer' AND reporting_amount IS NULL
                    GROUP BY currency ORDER BY n DESC, currency
                    """)
            return (total, rows.map { (currency: $0["currency"] as String, count: $0["n"] as Int) })
        }
    }
}

extension Store {
    /// The analysis runs that covered an import (its id and SHA-256 both match).
    /// - Parameter stored: the import.
    /// - Returns: the run ids, oldest first.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func runsCovering(_ stored: StoredImport) throws(StoreError) -> [Int64] {
        try read("read the analysis runs of import \(stored.id)") { db in
            try Int64.fetchAll(
                db, sql: "SELECT run_id FROM analysis_run_imports WHERE import_id = ? AND sha256 = ? ORDER BY run_id",
                arguments: [stored.id, stored.file.sha256])
        }
    }

    /// Transfers in time order (ties in import order), for listing.
    /// - Parameters:
    ///   - importID: only the transfers first read from this import, or all when `nil`.
    ///   - limit: at most this many, or all when `nil`.
    /// - Returns: the transfers.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func transfers(importID: Int64? = nil, limit: Int? = nil) throws(StoreError) -> [Transfer] {
        try read("list transfers") { db in
            let s = try RawStatement(
                db,
                sql: """
                    SELECT \(Store.transferColumns) FROM transfers t WHERE ?1 IS NULL OR t.import_id = ?1
                    ORDER BY t.time, t.seq LIMIT ?2
                    """)
            defer { s.reset() }
            s.bind(1, importID)
            s.bind(2, Int64(limit ?? -1))
            var result: [Transfer] = []
            while try s.step() { result.append(Store.transfer(s)) }
            return result
        }
    }
}
