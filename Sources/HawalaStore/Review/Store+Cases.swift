import Foundation
import GRDB
import HawalaCore

/// A case as stored: a named set of findings (by key), with notes (table `cases`,
/// `case_findings`, `case_notes`; docs/cases.md).
public struct StoredCase: Hashable, Sendable, Codable {
    /// The case's name as the analyst typed it, e.g. `"CASE-2026-0042"`; unique.
    public var name: String
    /// When it was opened, UTC.
    public var openedAt: Date
    /// Who opened it.
    public var openedBy: String
    /// Its findings, in the order they were added.
    public var findings: [CaseFinding]
    /// Its notes, oldest first (append-only).
    public var notes: [CaseNote]

    enum CodingKeys: String, CodingKey {
        case name
        case openedAt = "opened_at"
        case openedBy = "opened_by"
        case findings, notes
    }
}

/// A finding held by a case: the finding as it was added, by key.
public struct CaseFinding: Hashable, Sendable, Codable {
    /// The finding as added (key, run, id, typology, transfers, amount).
    public var finding: FindingSnapshot
    /// When it was added, UTC.
    public var addedAt: Date
    /// Who added it.
    public var addedBy: String

    /// - Parameters:
    ///   - finding: the finding as added.
    ///   - addedAt: when, UTC.
    ///   - addedBy: who.
    public init(finding: FindingSnapshot, addedAt: Date, addedBy: String) {
        self.finding = finding
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    enum CodingKeys: String, CodingKey {
        case finding
        case addedAt = "added_at"
        case addedBy = "added_by"
    }
}

extension Store {
    /// Opens a new case.
    /// - Parameters:
    ///   - name: the case's name (unique, non-empty).
    ///   - by: who opens it.
    ///   - at: when, UTC.
    /// - Throws: ``StoreError`` `.invalidRequest` when a case of that name exists or the name is
    ///   empty; `.io` when the write fails.
    public func openCase(name: String, by: String, at: Date) throws(StoreError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidRequest, "a case needs a name")
        }
        let exists = try read("read cases") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM cases WHERE name = ?)", arguments: [name]) ?? false
        }
        if exists { throw StoreError(.invalidRequest, "case '\(name)' already exists; add to it with `hawala case add \(name)`") }
        try write("open a case") { db in
            try db.execute(
                sql: "INSERT INTO cases(name, opened_at, opened_by) VALUES (?, ?, ?)", arguments: [name, seconds(at), by])
        }
    }

    /// Adds findings and notes to a case in one transaction; a finding already in the case
    /// (same key) is not added twice.
    /// - Parameters:
    ///   - name: the case's name.
    ///   - findings: the findings to add.
    ///   - notes: the notes to append.
    /// - Returns: how many findings were new to the case.
    /// - Throws: ``StoreError`` `.notFound` when there is no such case; `.io` when the write fails.
    @discardableResult
    public func addToCase(name: String, findings: [CaseFinding], notes: [CaseNote]) throws(StoreError) -> Int {
        let caseID = try caseID(name)
        return try write("add to a case") { db in
            var added = 0
            for item in findings {
                let f = item.finding
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO case_findings(case_id, finding_key, run_id, finding_id, typology, brokers,
                            transfer_ids, amount, currency, added_at, added_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        caseID, f.key, f.runID, f.findingID, f.typology.rawValue, try jsonArray(f.brokers),
                        try jsonArray(f.transferIDs), f.amount, f.currency.code, seconds(item.addedAt), item.addedBy,
                    ])
                added += db.changesCount
            }
            for note in notes {
                try db.execute(
                    sql: "INSERT INTO case_notes(case_id, text, author, at) VALUES (?, ?, ?, ?)",
                    arguments: [caseID, note.text, note.by, seconds(note.at)])
            }
            return added
        }
    }

    /// Every case, by name.
    /// - Returns: the cases with their findings and notes.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func cases() throws(StoreError) -> [StoredCase] {
        let names = try read("read cases") { db in try String.fetchAll(db, sql: "SELECT name FROM cases ORDER BY name") }
        var result: [StoredCase] = []
        for name in names { result.append(try storedCase(name: name)) }
        return result
    }

    /// One case.
    /// - Parameter name: the case's name.
    /// - Returns: the case with its findings and notes.
    /// - Throws: ``StoreError`` `.notFound` when there is no such case; `.io` when the query fails.
    public func storedCase(name: String) throws(StoreError) -> StoredCase {
        let id = try caseID(name)
        return try read("read a case") { db in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE id = ?", arguments: [id])!
            let findings = try Row.fetchAll(
                db, sql: "SELECT * FROM case_findings WHERE case_id = ? ORDER BY rowid", arguments: [id]
            ).map { row in
                CaseFinding(finding: try Store.snapshot(row), addedAt: Store.date(row["added_at"]), addedBy: row["added_by"])
            }
            let notes = try Row.fetchAll(db, sql: "SELECT * FROM case_notes WHERE case_id = ? ORDER BY id", arguments: [id])
                .map { CaseNote(text: $0["text"], by: $0["author"], at: Store.date($0["at"])) }
            return StoredCase(
                name: row["name"], openedAt: Store.date(row["opened_at"]), openedBy: row["opened_by"], findings: findings,
                notes: notes)
        }
    }

    private func caseID(_ name: String) throws(StoreError) -> Int64 {
        let id = try read("read cases") { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE name = ?", arguments: [name])
        }
        guard let id else {
            throw StoreError(.notFound, "no case named '\(name)' (see `hawala case list`)", location: SourceLocation(file: path))
        }
        return id
    }

    /// The schema of the review log and cases (migration `v2-review-cases`).
    static let reviewSchema = """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            finding_key TEXT NOT NULL,
            run_id INTEGER,
            finding_id TEXT,
            typology TEXT NOT NULL,
            brokers TEXT NOT NULL,
            transfer_ids TEXT NOT NULL,
            amount REAL NOT NULL,
            currency TEXT NOT NULL,
            from_status TEXT CHECK (from_status IN ('under_review', 'confirmed', 'dismissed', 'escalated')),
            to_status TEXT NOT NULL CHECK (to_status IN ('under_review', 'confirmed', 'dismissed', 'escalated')),
            note TEXT,
            reviewer TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX reviews_key ON reviews(finding_key, id);
        CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews
            BEGIN SELECT RAISE(ABORT, 'the review log is append-only: entries cannot be changed'); END;
        CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews
            BEGIN SELECT RAISE(ABORT, 'the review log is append-only: entries cannot be deleted'); END;

        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            opened_at INTEGER NOT NULL,
            opened_by TEXT NOT NULL
        );
        CREATE TABLE case_findings (
            case_id INTEGER NOT NULL REFERENCES cases(id),
            finding_key TEXT NOT NULL,
            run_id INTEGER,
            finding_id TEXT,
            typology TEXT NOT NULL,
            brokers TEXT NOT NULL,
            transfer_ids TEXT NOT NULL,
            amount REAL NOT NULL,
            currency TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            added_by TEXT NOT NULL,
            PRIMARY KEY (case_id, finding_key)
        );
        CREATE TABLE case_notes (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            text TEXT NOT NULL,
            author TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE TRIGGER case_notes_append_only_update BEFORE UPDATE ON case_notes
            BEGIN SELECT RAISE(ABORT, 'case notes are append-only: notes cannot be changed'); END;
        CREATE TRIGGER case_notes_append_only_delete BEFORE DELETE ON case_notes
            BEGIN SELECT RAISE(ABORT, 'case notes are append-only: notes cannot be deleted'); END;

        CREATE VIEW v_reviews AS
            SELECT id, finding_key, run_id, finding_id, typology, from_status, to_status, note, reviewer,
                   strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch') AS at
            FROM reviews ORDER BY id;
        """
}
