import Foundation
import Testing

/// docs/schema.md: "a file is imported in one transaction: a kill at any moment leaves the
/// database as before the file or after it", and an analysis run is stored in one
/// transaction. Each test kills `hawala ingest` of a real file (or `hawala analyze`) with
/// SIGKILL at every phase the test hook announces (`HAWALA_TEST_PAUSE_AT`, see
/// docs/testing.md): early, at several points through the file, after the index rebuild,
/// just before COMMIT, and just after it. After each kill, every table (transfers, brokers,
/// parties, transfer_duplicates, rejects, imports, exchange rates, runs, findings) and the
/// schema (the `transfers_time` index) must be exactly as before the command or exactly as
/// after an uninterrupted run: an importer that commits in batches fails here.
@Suite(.serialized) struct KillAtPhaseTests {
    /// The file imported first (committed in every run).
    static let first = CLIRunner.packageRoot.appendingPathComponent("fixtures/canonical.csv")
    /// Rows in the file that is killed.
    static let rows = 6_000

    /// A canonical CSV of ``rows`` records over 24 brokers, one every 10 minutes (about 42
    /// days), amounts 1,000–41,000 USD (so the detectors find cycles, pass-through chains and
    /// one-sided positions), with every 500th row rejected (bad amount), every 700th repeating
    /// an earlier transfer id (a duplicate), and T-0001 of fixtures/canonical.csv repeated with
    /// another amount (a differing duplicate across files).
    static let big: String = {
        var text = "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n"
        let start = 1_772_323_200  // 2026-03-01T00:00:00Z
        for i in 1...rows {
            let sender = (i * 7) % 24
            let receiver = (sender + 1 + (i * 11) % 5) % 24
            let time = Date(timeIntervalSince1970: TimeInterval(start + i * 600))
            let stamp = ISO8601DateFormatter().string(from: time)
            let id = i % 700 == 0 ? "K-\(i - 1)" : (i == 3 ? "T-0001" : "K-\(i)")
            let amount = i % 500 == 0 ? "12x" : "\(1_000 + (i * 7_919) % 40_000).00"
            text += "\(id),\(stamp),BRK-\(sender),BRK-\(receiver),P-\(i % 97),P-\(i % 89),\(amount),USD,cash,row \(i)\n"
        }
        return text
    }()

    /// A folder with `first.csv` imported (committed) and `big.csv` written beside it.
    func prepared() throws -> CLIRunner {
        let cli = try CLIRunner()
        try FileManager.default.copyItem(at: Self.first, to: cli.directory.appendingPathComponent("first.csv"))
        try Self.big.write(to: cli.directory.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let result = try cli.run(["ingest", "--no-progress", "first.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    func database(_ cli: CLIRunner) -> URL { cli.directory.appendingPathComponent("hawala.sqlite") }

    @Test func killedIngestLeavesEveryTableAsBeforeOrAfterTheFile() throws {
        // Before and after, from an uninterrupted run.
        let reference = try prepared()
        let before = try SQLiteShell.snapshot(database(reference))
        let done = try reference.run(["ingest", "--no-progress", "big.csv"])
        #expect(done.status == 0, "\(done.stderr)")
        let after = try SQLiteShell.snapshot(database(reference))
        // The file brings rows, rejects and duplicates, and the index exists before and after.
        #expect(try SQLiteShell.run(database(reference), "SELECT imported, duplicates, rejected FROM imports WHERE id = 2")
            == "5980|8|12")
        #expect(before.contains("'index','transfers_time'") && after.contains("'index','transfers_time'"))
        #expect(before != after)

        let phases: [(phase: String, outcome: String)] = [
            ("import.begin", "before"), ("import.records=1", "before"), ("import.records=1000", "before"),
            ("import.records=3500", "before"), ("import.records=\(Self.rows)", "before"),
            ("import.index", "before"), ("import.duplicates", "before"), ("import.commit", "before"), ("import.committed", "after"),
        ]
        for (phase, outcome) in phases {
            let cli = try prepared()
            let killed = try KilledRun.run(cli, ["ingest", "--no-progress", "big.csv"], pauseAt: phase)
            #expect(killed.reached, "\(phase) not reached: \(killed.stderr.suffix(300))")
            #expect(try SQLiteShell.run(database(cli), "PRAGMA integrity_check") == "ok", "\(phase)")
            let state = try SQLiteShell.snapshot(database(cli))
            #expect(state == (outcome == "before" ? before : after), "killed at \(phase): expected the database as \(outcome) the file")
            // Still usable: the file imports (again) and ends exactly as the uninterrupted run.
            let again = try cli.run(["ingest", "--no-progress", "big.csv"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try SQLiteShell.snapshot(database(cli)) == after, "after re-importing, killed at \(phase)")
        }
    }

    /// The detectors that are quick on this data (scatter-gather alone would take seconds per run
    /// in a debug build): enough findings to kill between.
    static let analyze = ["analyze", "--threads", "1", "--only", "cycle,rapid_pass_through,settlement_imbalance"]

    @Test func killedAnalyzeLeavesNoPartialRun() throws {
        let reference = try prepared()
        #expect(try reference.run(["ingest", "--no-progress", "big.csv"]).status == 0)
        #expect(try reference.run(Self.analyze).status == 0)
        let before = try SQLiteShell.snapshot(database(reference))
        #expect(try reference.run(Self.analyze).status == 0)
        let after = try SQLiteShell.snapshot(database(reference))
        let findings = Int(try SQLiteShell.run(database(reference), "SELECT count(*) FROM findings WHERE run_id = 2")) ?? 0
        #expect(findings >= 10, "the data should give findings to kill between")

        let phases: [(phase: String, outcome: String)] = [
            ("analyze.begin", "before"), ("analyze.findings=1", "before"), ("analyze.findings=\(findings / 2)", "before"),
            ("analyze.findings=\(findings)", "before"), ("analyze.commit", "before"), ("analyze.committed", "after"),
        ]
        // One database, copied before each kill (the run is the same for the same data).
        let source = database(reference)
        for (phase, outcome) in phases {
            let cli = try CLIRunner()
            let db = database(cli)
            try FileManager.default.copyItem(at: source, to: db)
            let wal = URL(fileURLWithPath: source.path + "-wal")
            if FileManager.default.fileExists(atPath: wal.path) {
                try FileManager.default.copyItem(at: wal, to: URL(fileURLWithPath: db.path + "-wal"))
            }
            #expect(try SQLiteShell.run(db, "DELETE FROM findings WHERE run_id = 2; DELETE FROM analysis_run_imports WHERE run_id = 2; DELETE FROM analysis_runs WHERE id = 2;").isEmpty)
            #expect(try SQLiteShell.snapshot(db) == before)
            let killed = try KilledRun.run(cli, Self.analyze, pauseAt: phase)
            #expect(killed.reached, "\(phase) not reached: \(killed.stderr.suffix(300))")
            #expect(try SQLiteShell.run(db, "PRAGMA integrity_check") == "ok", "\(phase)")
            #expect(try SQLiteShell.snapshot(db) == (outcome == "before" ? before : after), "killed at \(phase): expected the database as \(outcome) the run")
        }
    }
}
