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
    static let rows = 3_000

    /// A canonical CSV of ``rows`` records over 24 brokers, one every 10 minutes (about 21
    /// days), amounts 1,000–41,000 USD (so the detectors find cycles, pass-through chains and
    /// one-sided positions), with every 500th row rejected (bad amount), every 700th repeating
    /// an earlier transfer id (a duplicate), and T-0001 of fixtures/canonical.csv repeated with
    /// another amount (a differing duplicate across files).
    static let big: String = {
        var text = "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n"
        let start = 1_772_323_200  // 2026-03-01T00:00:00Z
        let formatter = ISO8601DateFormatter()
        for i in 1...rows {
            let sender = (i * 7) % 24
            let receiver = (sender + 1 + (i * 11) % 5) % 24
            let stamp = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(start + i * 600)))
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

    /// A fresh folder holding a copy of `template`'s database (with its WAL file, if any) and
    /// `big.csv`: the same state as ``prepared()`` without importing again.
    func copy(of template: CLIRunner) throws -> CLIRunner {
        let cli = try CLIRunner()
        for name in ["hawala.sqlite", "hawala.sqlite-wal", "big.csv"] {
            let source = template.directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: source.path) {
                try FileManager.default.copyItem(at: source, to: cli.directory.appendingPathComponent(name))
            }
        }
        return cli
    }

    func database(_ cli: CLIRunner) -> URL { cli.directory.appendingPathComponent("hawala.sqlite") }

    /// What one killed run left: whether the phase was reached, the database's integrity and
    /// state after the kill, and after importing the file again.
    struct KillOutcome: Sendable {
        var phase = ""
        var reached = false
        var stderr = ""
        var integrity = ""
        var state = ""
        var againStatus: Int32 = -1
        var againStderr = ""
        var againState = ""
        var failure: String?
    }

    /// Kills `hawala ARGS` at `phase` in `cli`'s folder and records the database's integrity and
    /// state; then runs `more` (e.g. an import again) on the same outcome.
    static func kill(
        _ cli: CLIRunner, _ arguments: [String], at phase: String,
        more: (URL, inout KillOutcome) throws -> Void = { _, _ in }
    ) -> KillOutcome {
        var outcome = KillOutcome(phase: phase)
        do {
            let killed = try KilledRun.run(cli, arguments, pauseAt: phase)
            outcome.reached = killed.reached
            outcome.stderr = String(killed.stderr.suffix(300))
            let db = cli.directory.appendingPathComponent("hawala.sqlite")
            outcome.integrity = try SQLiteShell.run(db, "PRAGMA integrity_check")
            outcome.state = try SQLiteShell.snapshot(db)
            try more(db, &outcome)
        } catch {
            outcome.failure = "\(error)"
        }
        return outcome
    }

    /// Runs `body` for each element on up to `width` threads at once (the runs are separate
    /// processes in separate folders) and returns the results in order.
    static func inParallel<T: Sendable, R: Sendable>(_ items: [T], width: Int = 4, _ body: @escaping @Sendable (T) -> R) -> [R] {
        let lock = NSLock()
        nonisolated(unsafe) var results = [R?](repeating: nil, count: items.count)
        let limit = DispatchSemaphore(value: width)
        let group = DispatchGroup()
        for (index, item) in items.enumerated() {
            limit.wait()
            group.enter()
            DispatchQueue.global().async {
                let result = body(item)
                lock.lock()
                results[index] = result
                lock.unlock()
                limit.signal()
                group.leave()
            }
        }
        group.wait()
        return results.map { $0! }
    }

    @Test func killedIngestLeavesEveryTableAsBeforeOrAfterTheFile() throws {
        // Before (one prepared folder, copied for every run) and after, from an uninterrupted run.
        let template = try prepared()
        let before = try SQLiteShell.snapshot(database(template))
        let reference = try copy(of: template)
        let done = try reference.run(["ingest", "--no-progress", "big.csv"])
        #expect(done.status == 0, "\(done.stderr)")
        let after = try SQLiteShell.snapshot(database(reference))
        // The file brings rows, rejects and duplicates, and the index exists before and after.
        #expect(try SQLiteShell.run(database(reference), "SELECT imported, duplicates, rejected FROM imports WHERE id = 2")
            == "2989|5|6")
        #expect(before.contains("'index','transfers_time'") && after.contains("'index','transfers_time'"))
        #expect(before != after)

        let phases: [(phase: String, outcome: String)] = [
            ("import.begin", "before"), ("import.records=1", "before"), ("import.records=1000", "before"),
            ("import.records=2000", "before"), ("import.records=\(Self.rows)", "before"),
            ("import.index", "before"), ("import.duplicates", "before"), ("import.commit", "before"), ("import.committed", "after"),
        ]
        let folders = try phases.map { _ in try copy(of: template) }
        let outcomes = Self.inParallel(Array(zip(phases.map(\.phase), folders))) { (phase, cli) -> KillOutcome in
            Self.kill(cli, ["ingest", "--no-progress", "big.csv"], at: phase) { db, outcome in
                // Still usable: the file imports (again) and ends exactly as the uninterrupted run.
                let again = try cli.run(["ingest", "--no-progress", "big.csv"])
                outcome.againStatus = again.status
                outcome.againStderr = again.stderr
                outcome.againState = try SQLiteShell.snapshot(db)
            }
        }
        for ((phase, expected), outcome) in zip(phases, outcomes) {
            #expect(outcome.failure == nil, "\(phase): \(outcome.failure ?? "")")
            #expect(outcome.reached, "\(phase) not reached: \(outcome.stderr)")
            #expect(outcome.integrity == "ok", "\(phase)")
            #expect(outcome.state == (expected == "before" ? before : after), "killed at \(phase): expected the database as \(expected) the file")
            #expect(outcome.againStatus == 0, "\(phase): \(outcome.againStderr)")
            #expect(outcome.againState == after, "after re-importing, killed at \(phase)")
        }
    }

    /// The detectors that are quick on this data (scatter-gather alone would take seconds per run
    /// in a debug build): enough findings to kill between.
    static let analyze = ["analyze", "--threads", "1", "--only", "cycle,rapid_pass_through,settlement_imbalance"]

    @Test func killedAnalyzeLeavesNoPartialRun() throws {
        let reference = try prepared()
        #expect(try reference.run(["ingest", "--no-progress", "big.csv"]).status == 0)
        #expect(try reference.run(Self.analyze).status == 0)
        // The database before the second run, copied for every kill (the run is the same for the same data).
        let template = try copy(of: reference)
        let before = try SQLiteShell.snapshot(database(template))
        #expect(try reference.run(Self.analyze).status == 0)
        let after = try SQLiteShell.snapshot(database(reference))
        #expect(before != after)
        let findings = Int(try SQLiteShell.run(database(reference), "SELECT count(*) FROM findings WHERE run_id = 2")) ?? 0
        #expect(findings >= 10, "the data should give findings to kill between")

        let phases: [(phase: String, outcome: String)] = [
            ("analyze.begin", "before"), ("analyze.findings=1", "before"), ("analyze.findings=\(findings / 2)", "before"),
            ("analyze.findings=\(findings)", "before"), ("analyze.commit", "before"), ("analyze.committed", "after"),
        ]
        let folders = try phases.map { _ in try copy(of: template) }
        let outcomes = Self.inParallel(Array(zip(phases.map(\.phase), folders))) { (phase, cli) -> KillOutcome in
            Self.kill(cli, Self.analyze, at: phase)
        }
        for ((phase, expected), outcome) in zip(phases, outcomes) {
            #expect(outcome.failure == nil, "\(phase): \(outcome.failure ?? "")")
            #expect(outcome.reached, "\(phase) not reached: \(outcome.stderr)")
            #expect(outcome.integrity == "ok", "\(phase)")
            #expect(outcome.state == (expected == "before" ? before : after), "killed at \(phase): expected the database as \(expected) the run")
        }
    }
}
