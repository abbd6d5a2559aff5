import Foundation
import GRDB
import HawalaCore

/// What `hawala stats` prints: the database's contents at a glance.
public struct StoreStats: Hashable, Sendable, Codable {
    /// Transfers in one original currency.
    public struct CurrencyCount: Hashable, Sendable, Codable {
        /// The ISO 4217 currency.
        public var currency: CurrencyCode
        /// How many transfers are in it.
        public var transfers: Int
    }

    /// Brokers known.
    public var brokers: Int
    /// Parties (originators, beneficiaries) known.
    public var parties: Int
    /// Transfers stored (each transfer id once).
    public var transfers: Int
    /// Records that repeated a stored transfer id (extra provenance).
    public var duplicates: Int
    /// Imports (files) recorded.
    public var imports: Int
    /// Rejected records.
    public var rejects: Int
    /// Stored exchange rates.
    public var exchangeRates: Int
    /// Analysis runs stored.
    public var analysisRuns: Int
    /// The earliest transfer's time, UTC.
    public var firstAt: Date?
    /// The latest transfer's time, UTC.
    public var lastAt: Date?
    /// Transfers per original currency, most first (ties by code).
    public var currencies: [CurrencyCount]
    /// Transfers without a reporting amount (no exchange rate: flagged).
    public var withoutReportingAmount: Int
    /// Duplicates (of ``duplicates``) whose time, brokers, amount or currency differ from the
    /// stored transfer with the same id; the stored, first version is kept.
    public var differingDuplicates = 0

    enum CodingKeys: String, CodingKey {
        case brokers, parties, transfers, duplicates, imports, rejects
        case exchangeRates = "exchange_rates"
        case analysisRuns = "analysis_runs"
        case firstAt = "first_at"
        case lastAt = "last_at"
        case currencies
        case withoutReportingAmount = "without_reporting_amount"
        case differingDuplicates = "differing_duplicates"
    }
}

extension Store {
    /// Counts and span of the database's contents.
    /// - Returns: the statistics.
    /// - Throws: ``StoreError`` `.io` when a query fails.
    public func stats() throws(StoreError) -> StoreStats {
        try read("compute statistics") { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            let span = try Row.fetchOne(db, sql: "SELECT min(time) AS first, max(time) AS last FROM transfers")
            let currencies = try Row.fetchAll(
                db, sql: "SELECT currency, count(*) AS n FROM transfers GROUP BY currency ORDER BY n DESC, currency")
            return StoreStats(
                brokers: try count("SELECT count(*) FROM brokers"),
                parties: try count("SELECT count(*) FROM parties"),
                transfers: try count("SELECT count(*) FROM transfers"),
                duplicates: try count("SELECT count(*) FROM transfer_duplicates"),
                imports: try count("SELECT count(*) FROM imports"),
                rejects: try count("SELECT count(*) FROM rejects"),
                exchangeRates: try count("SELECT count(*) FROM exchange_rates"),
                analysisRuns: try count("SELECT count(*) FROM analysis_runs"),
                firstAt: (span?["first"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                lastAt: (span?["last"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                currencies: currencies.compactMap { row in
                    CurrencyCode(row["currency"] as String).map { StoreStats.CurrencyCount(currency: $0, transfers: row["n"]) }
                },
                withoutReportingAmount: try count("SELECT count(*) FROM transfers WHERE reporting_amount IS NULL"),
                differingDuplicates: try count("SELECT count(*) FROM transfer_duplicates WHERE differs = 1"))
        }
    }

    /// Every import, oldest first.
    /// - Returns: the imports.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func imports() throws(StoreError) -> [StoredImport] {
        try read("read imports") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id").map(Store.storedImport)
        }
    }

    /// Rejected records, by import then position in the file.
    /// - Parameter importID: only this import's rejects, or all when `nil`.
    /// - Returns: the rejects.
    /// - Throws: ``StoreError`` `.notFound` when `importID` names no import; `.io` when the
    ///   query fails.
    public func rejects(import importID: Int64? = nil) throws(StoreError) -> [StoredReject] {
        try read("read rejects") { db in
            if let importID, try Int.fetchOne(db, sql: "SELECT count(*) FROM imports WHERE id = ?", arguments: [importID]) == 0 {
                throw StoreError(.notFound, "no import with id \(importID)", location: SourceLocation(file: path))
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.import_id, i.path, r.line, r.element, r.field, r.reason, r.raw, hex(r.raw_bytes) AS raw_hex
                    FROM rejects r JOIN imports i ON i.id = r.import_id
                    WHERE ?1 IS NULL OR r.import_id = ?1 ORDER BY r.import_id, r.id
                    """, arguments: [importID]
            ).map { row in
                StoredReject(
                    id: row["id"], importID: row["import_id"],
                    location: SourceLocation(file: row["path"], line: row["line"], element: row["element"], field: row["field"]),
                    reason: row["reason"], raw: row["raw"], rawHex: row["raw_hex"])
            }
        }
    }
}
