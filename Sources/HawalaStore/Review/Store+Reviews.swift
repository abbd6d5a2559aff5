import Foundation
import GRDB
import HawalaCore

/// What a review or case entry records about the finding it concerns: its stable key and the
/// finding as it stood (typology, proving transfers, amount), so that a later run's finding can
/// be compared with it even after the run is gone.
public struct FindingSnapshot: Hashable, Sendable, Codable {
    /// The finding's stable key (see docs/cases.md: typology + SHA-256 of the sorted transfer ids).
    public var key: String
    /// The run the finding was read from, when known.
    public var runID: Int64?
    /// The finding's id in that run, e.g. `"F-000031"`.
    public var findingID: String?
    /// The pattern kind.
    public var typology: Typology
    /// The brokers, in pattern order.
    public var brokers: [String]
    /// The proving transfer ids, sorted.
    public var transferIDs: [String]
    /// The total in major units of `currency`.
    public var amount: Double
    /// The reporting currency.
    public var currency: CurrencyCode

    /// - Parameters:
    ///   - key: the stable key.
    ///   - runID: the run it was read from.
    ///   - findingID: its id in that run.
    ///   - typology: the pattern kind.
    ///   - brokers: the brokers in pattern order.
    ///   - transferIDs: the proving transfers (stored sorted).
    ///   - amount: major units of `currency`.
    ///   - currency: the reporting currency.
    public init(
        key: String, runID: Int64?, findingID: String?, typology: Typology, brokers: [String], transferIDs: [String],
        amount: Double, currency: CurrencyCode
    ) {
        self.key = key
        self.runID = runID
        self.findingID = findingID
        self.typology = typology
        self.brokers = brokers
        self.transferIDs = transferIDs.sorted()
        self.amount = amount
        self.currency = currency
    }

    enum CodingKeys: String, CodingKey {
        case key
        case runID = "run_id"
        case findingID = "finding_id"
        case typology, brokers
        case transferIDs = "transfer_ids"
        case amount, currency
    }
}

/// One entry of the append-only review log (table `reviews`).
public struct ReviewEntry: Hashable, Sendable, Codable {
    /// The entry's number, increasing in the order entries were written.
    public var id: Int64
    /// The finding as it was reviewed.
    public var finding: FindingSnapshot
    /// The status before this decision (`nil`: never reviewed).
    public var from: ReviewStatus?
    /// The decision.
    public var to: ReviewStatus
    /// The reviewer's note.
    public var note: String?
    /// Who decided.
    public var by: String
    /// When, UTC (whole seconds).
    public var at: Date

    /// - Parameters:
    ///   - id: the entry's number (ignored when appending).
    ///   - finding: the finding as reviewed.
    ///   - from: the status before.
    ///   - to: the decision.
    ///   - note: the note.
    ///   - by: the reviewer.
    ///   - at: when, UTC.
    public init(
        id: Int64 = 0, finding: FindingSnapshot, from: ReviewStatus?, to: ReviewStatus, note: String?, by: String, at: Date
    ) {
        self.id = id
        self.finding = finding
        self.from = from
        self.to = to
        self.note = note
        self.by = by
        self.at = at
    }
}

extension Store {
    /// Appends entries to the review log in one transaction. The log is append-only: the
    /// database refuses any UPDATE or DELETE of a `reviews` row (triggers, docs/schema.md).
    /// - Parameter entries: the decisions, in order (their `id` is ignored).
    /// - Returns: the entries as stored, with their numbers.
    /// - Throws: ``StoreError`` `.io` when the write fails.
    @discardableResult
    public func appendReviews(_ entries: [ReviewEntry]) throws(StoreError) -> [ReviewEntry] {
        try write("append to the review log") { db in
            var stored: [ReviewEntry] = []
            for var entry in entries {
                let f = entry.finding
                try db.execute(
                    sql: """
                        INSERT INTO reviews(finding_key, run_id, finding_id, typology, brokers, transfer_ids, amount, currency,
                            from_status, to_status, note, reviewer, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        f.key, f.runID, f.findingID, f.typology.rawValue, try jsonArray(f.brokers), try jsonArray(f.transferIDs),
                        f.amount, f.currency.code, entry.from?.rawValue, entry.to.rawValue, entry.note, entry.by, seconds(entry.at),
                    ])
                entry.id = db.lastInsertedRowID
                entry.at = Store.date(seconds(entry.at))
                stored.append(entry)
            }
            return stored
        }
    }

    /// The review log, oldest first.
    /// - Parameter keys: only entries for these finding keys, when given.
    /// - Returns: the entries.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func reviews(keys: [String]? = nil) throws(StoreError) -> [ReviewEntry] {
        try read("read the review log") { db in
            let rows: [Row]
            if let keys {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM reviews WHERE finding_key IN (SELECT value FROM json_each(?)) ORDER BY id",
                    arguments: [try jsonArray(keys)])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM reviews ORDER BY id")
            }
            return try rows.map(Store.reviewEntry)
        }
    }

    static func snapshot(_ row: Row) throws -> FindingSnapshot {
        guard let typology = Typology(rawValue: row["typology"] as String),
            let currency = CurrencyCode(row["currency"] as String)
        else { throw StoreError(.incompatible, "a stored finding snapshot has an unknown typology or currency") }
        return FindingSnapshot(
            key: row["finding_key"], runID: row["run_id"], findingID: row["finding_id"], typology: typology,
            brokers: try decodeArray(row["brokers"]), transferIDs: try decodeArray(row["transfer_ids"]),
            amount: row["amount"], currency: currency)
    }

    static func reviewEntry(_ row: Row) throws -> ReviewEntry {
        guard let to = ReviewStatus(rawValue: row["to_status"] as String) else {
            throw StoreError(.incompatible, "review \(row["id"] as Int64) has an unknown status")
        }
        return ReviewEntry(
            id: row["id"], finding: try snapshot(row), from: (row["from_status"] as String?).flatMap(ReviewStatus.init(rawValue:)),
            to: to, note: row["note"], by: row["reviewer"], at: date(row["at"]))
    }
}
