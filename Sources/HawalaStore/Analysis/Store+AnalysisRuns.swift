import Foundation
import GRDB
import HawalaCore

/// The data an analysis run saw: enough to tell later whether the database changed since.
public struct DataSnapshot: Hashable, Sendable, Codable {
    /// Transfers analysed.
    public var transferCount: Int
    /// The earliest transfer's time, UTC.
    public var firstAt: Date?
    /// The latest transfer's time, UTC.
    public var lastAt: Date?
    /// The HawalaTrace version that ran the analysis, e.g. `"0.1.0"`.
    public var toolVersion: String

    /// - Parameters:
    ///   - transferCount: transfers analysed.
    ///   - firstAt: the earliest time.
    ///   - lastAt: the latest time.
    ///   - toolVersion: the tool's version.
    public init(transferCount: Int, firstAt: Date?, lastAt: Date?, toolVersion: String) {
        self.transferCount = transferCount
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.toolVersion = toolVersion
    }

    enum CodingKeys: String, CodingKey {
        case transferCount = "transfer_count"
        case firstAt = "first_at"
        case lastAt = "last_at"
        case toolVersion = "tool_version"
    }
}

/// One stored run of `hawala analyze`.
public struct AnalysisRun: Hashable, Sendable, Codable {
    /// The run's id (`analysis_runs.id`), increasing.
    public var id: Int64
    /// When the run started, UTC (whole seconds).
    public var startedAt: Date
    /// When it finished, UTC (whole seconds).
    public var finishedAt: Date
    /// The effective rules/parameters as JSON text, exactly as saved.
    public var parametersJSON: String
    /// The data the run saw.
    public var snapshot: DataSnapshot
    /// How many findings the run stored.
    public var findingCount: Int

    enum CodingKeys: String, CodingKey {
        case id
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case parametersJSON = "parameters"
        case snapshot
        case findingCount = "finding_count"
    }
}

extension Store {
    /// Stores an analysis run and its findings in one transaction. Earlier runs are kept.
    ///
    /// Times are stored in whole seconds (sub-second parts dropped), including the findings'
    /// ``Finding/firstAt`` and ``Finding/lastAt``. Findings keep their given order.
    /// - Parameters:
    ///   - startedAt: when the run started, UTC.
    ///   - finishedAt: when it finished, UTC.
    ///   - parametersJSON: the effective parameters as JSON text.
    ///   - snapshot: the data the run saw.
    ///   - findings: the findings, in report order; ids must be unique within the run.
    /// - Returns: the new run's id.
    /// - Throws: ``StoreError`` `.invalidRequest` when two findings share an id; `.io` when
    ///   the write fails.
    @discardableResult
    public func saveAnalysisRun(
        startedAt: Date, finishedAt: Date, parametersJSON: String, snapshot: DataSnapshot, findings: [Finding]
    ) throws(StoreError) -> Int64 {
        var ids = Set<String>()
        for finding in findings where !ids.insert(finding.id).inserted {
            throw StoreError(.invalidRequest, "two findings share the id \(finding.id)", location: SourceLocation(file: path))
        }
        let runID = try write("store an analysis run") { db in
            try db.execute(
                sql: """
                    INSERT INTO analysis_runs(started_at, finished_at, parameters, transfer_count, first_at, last_at, tool_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    seconds(startedAt), seconds(finishedAt), parametersJSON, snapshot.transferCount,
                    snapshot.firstAt.map(seconds), snapshot.lastAt.map(seconds), snapshot.toolVersion,
                ])
            let runID = db.lastInsertedRowID
            // Which imports the run covered: kept when an import is removed later.
            try db.execute(
                sql: "INSERT INTO analysis_run_imports(run_id, import_id, path, sha256) SELECT ?, id, path, sha256 FROM imports",
                arguments: [runID])
            TestHook.reach("analyze.begin")
            let insert = try RawStatement(
                db,
                sql: """
                    INSERT INTO findings(run_id, position, id, typology, score, brokers, transfer_ids, amount, currency,
                        first_at, last_at, explanation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (position, finding) in findings.enumerated() {
                insert.bind(1, runID)
                insert.bind(2, Int64(position))
                insert.bind(3, finding.id)
                insert.bind(4, finding.typology.rawValue)
                insert.bind(5, finding.score)
                insert.bind(6, try jsonArray(finding.brokers))
                insert.bind(7, try jsonArray(finding.transferIDs))
                insert.bind(8, finding.amount)
                insert.bind(9, finding.currency.code)
                insert.bind(10, seconds(finding.firstAt))
                insert.bind(11, seconds(finding.lastAt))
                insert.bind(12, finding.explanation)
                _ = try insert.run()
                TestHook.reach("analyze.findings", count: position + 1)
            }
            TestHook.reach("analyze.commit")
            return runID
        }
        TestHook.reach("analyze.committed")
        return runID
    }

    /// Every stored run, oldest first.
    /// - Returns: the runs.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func analysisRuns() throws(StoreError) -> [AnalysisRun] {
        try read("read analysis runs") { db in
            try Row.fetchAll(db, sql: "\(Store.runSelect) ORDER BY r.id").map(Store.analysisRun)
        }
    }

    /// The id of the newest run.
    /// - Returns: the id, or `nil` when no run is stored.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func latestRunID() throws(StoreError) -> Int64? {
        try read("read analysis runs") { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM analysis_runs") }
    }

    /// One run.
    /// - Parameter id: the run's id.
    /// - Returns: the run.
    /// - Throws: ``StoreError`` `.notFound` when no run has this id; `.io` when the query fails.
    public func run(id: Int64) throws(StoreError) -> AnalysisRun {
        let run = try read("read an analysis run") { db in
            try Row.fetchOne(db, sql: "\(Store.runSelect) WHERE r.id = ?", arguments: [id]).map(Store.analysisRun)
        }
        guard let run else {
            throw StoreError(.notFound, "no analysis run with id \(id)", location: SourceLocation(file: path))
        }
        return run
    }

    /// A run's findings in their stored order, optionally filtered.
    /// - Parameters:
    ///   - run: the run's id.
    ///   - typology: only findings of this typology, when given.
    ///   - broker: only findings involving this broker id, when given.
    /// - Returns: the findings.
    /// - Throws: ``StoreError`` `.notFound` when no run has this id; `.io` when the query fails.
    public func findings(run: Int64, typology: Typology? = nil, broker: String? = nil) throws(StoreError) -> [Finding] {
        _ = try self.run(id: run)
        return try read("read findings") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM findings f WHERE f.run_id = ?1 AND (?2 IS NULL OR f.typology = ?2)
                    AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(f.brokers) WHERE value = ?3))
                    ORDER BY f.position
                    """, arguments: [run, typology?.rawValue, broker]
            ).map(Store.finding)
        }
    }

    /// One finding of a run.
    /// - Parameters:
    ///   - id: the finding's id, e.g. `"F-000042"`.
    ///   - run: the run's id.
    /// - Returns: the finding.
    /// - Throws: ``StoreError`` `.notFound` when the run or the finding does not exist; `.io`
    ///   when the query fails.
    public func finding(id: String, run: Int64) throws(StoreError) -> Finding {
        let found = try read("read a finding") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM findings WHERE run_id = ? AND id = ?", arguments: [run, id])
                .map(Store.finding)
        }
        guard let found else {
            throw StoreError(.notFound, "no finding \(id) in analysis run \(run)", location: SourceLocation(file: path))
        }
        return found
    }

    static let runSelect = """
        SELECT r.*, (SELECT count(*) FROM findings f WHERE f.run_id = r.id) AS finding_count FROM analysis_runs r
        """

    static func analysisRun(_ row: Row) -> AnalysisRun {
        AnalysisRun(
            id: row["id"], startedAt: date(row["started_at"]), finishedAt: date(row["finished_at"]),
            parametersJSON: row["parameters"],
            snapshot: DataSnapshot(
                transferCount: row["transfer_count"], firstAt: (row["first_at"] as Int64?).map(date),
                lastAt: (row["last_at"] as Int64?).map(date), toolVersion: row["tool_version"]),
            findingCount: row["finding_count"])
    }

    static func finding(_ row: Row) throws -> Finding {
        let typologyName: String = row["typology"]
        guard let typology = Typology(rawValue: typologyName),
            let currency = CurrencyCode(row["currency"] as String)
        else {
            throw StoreError(.incompatible, "finding \(row["id"] as String) has an unknown typology or currency")
        }
        return Finding(
            id: row["id"], typology: typology, score: row["score"],
            brokers: try decodeArray(row["brokers"]), transferIDs: try decodeArray(row["transfer_ids"]),
            amount: row["amount"], currency: currency, firstAt: date(row["first_at"]), lastAt: date(row["last_at"]),
            explanation: row["explanation"])
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    static func decodeArray(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}

/// Whole seconds since 1970 (rounded down).
func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

/// A compact JSON array of strings.
func jsonArray(_ values: [String]) throws -> String {
    String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
}
