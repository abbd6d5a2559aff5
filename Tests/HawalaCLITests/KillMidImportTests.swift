import Foundation
import Testing

/// The kill-mid-import case of issue 2 (the phases of a real file's import are killed in
/// KillAtPhaseTests): a child `hawala` process importing a large file is
/// killed with SIGKILL while its transaction is open; the database must then be exactly as it
/// was before that file (no transfers from it, no `imports` row), consistent, and writable.
///
/// Readers are not needed: the hidden test-support command `hawala _import-synthetic --db P
/// --rows N` imports N generated transfers through the real `Importer`, in one transaction,
/// like `hawala ingest` does for a file. With `--report-progress` it writes `records N` to
/// stderr from inside the open transaction; the test kills it once 50,000 records are written,
/// so the kill lands mid-import, not before it started nor after it committed. A 256 KiB page
/// cache (`--cache-kib`) makes the uncommitted pages spill into the WAL file first, so recovery
/// really has uncommitted frames to discard.
@Suite struct KillMidImportTests {
    func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    @Test func killedImportLeavesTheDatabaseAsBeforeThatFile() throws {
        let cli = try CLIRunner()
        let db = cli.directory.appendingPathComponent("kill.sqlite")
        let wal = cli.directory.appendingPathComponent("kill.sqlite-wal")

        // A first, committed import.
        let first = try cli.run(["_import-synthetic", "--db", db.path, "--rows", "500", "--first-row", "10000000"])
        #expect(first.status == 0, "\(first.stderr)")
        let walBefore = fileSize(wal)

        // The import to kill: far more rows than can be written before the kill.
        let child = Process()
        child.executableURL = CLIRunner.executable
        child.arguments = ["_import-synthetic", "--db", db.path, "--rows", "20000000", "--report-progress", "--cache-kib", "256"]
        child.currentDirectoryURL = cli.directory
        child.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        child.standardError = errors
        try child.run()
        var seen = ""
        var records = 0
        while records < 50_000 {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the child ended
            seen += String(decoding: chunk, as: UTF8.self)
            records = seen.split(separator: "\n").compactMap { line in
                line.hasPrefix("records ") ? Int(line.dropFirst(8)) : nil
            }.last ?? 0
        }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(records >= 50_000, "the import did not get going: \(seen.suffix(300))")
        #expect(wasRunning, "the import finished before it could be killed")
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)
        // With a 256 KiB cache, the open transaction's pages had spilled into the WAL file.
        #expect(fileSize(wal) > walBefore + 1_048_576)

        // The database is as it was after the first import: consistent, nothing of the second.
        #expect(try SQLiteShell.run(db, "PRAGMA integrity_check") == "ok")
        #expect(try SQLiteShell.run(db, "SELECT count(*) FROM transfers") == "500")
        #expect(try SQLiteShell.run(db, "SELECT count(*) FROM imports") == "1")
        #expect(try SQLiteShell.run(db, "SELECT count(*) FROM imports WHERE finished_at IS NULL") == "0")
        #expect(try SQLiteShell.run(db, "SELECT count(*) FROM transfers WHERE id < 'T10000000' OR length(id) < 9") == "0")

        // And it is still usable: a later import commits and stats see both.
        let after = try cli.run(["_import-synthetic", "--db", db.path, "--rows", "300", "--first-row", "20000000"])
        #expect(after.status == 0, "\(after.stderr)")
        let stats = try cli.run(["stats", "--db", db.path, "--format", "json"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("\"transfers\" : 800"))
        #expect(stats.stdout.contains("\"imports\" : 2"))
    }
}
