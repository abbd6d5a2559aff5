import Foundation
import Testing

/// Issue 14 through the binary: every failure ends in a `hawala: error:` line with its exit
/// status, a failed first ingest leaves no database behind, read-only commands work on a
/// write-protected copy, and a second ingest waits for the running writer.
@Suite struct HostileInputCLITests {
    static let sqlite3Available = FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")

    func write(_ cli: CLIRunner, _ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: cli.directory.appendingPathComponent(name))
    }

    func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Items 1, 5 and 7: the crash input is refused (65) with the byte named, on the
    /// last stderr line, and the database the command created is removed again.
    @Test func invalidUTF8FirstIngestLeavesNothing() throws {
        let cli = try CLIRunner()
        try write(cli, "ill.xml", Array("<report><a".utf8) + [0xE8] + Array("/></report>".utf8))
        let result = try cli.run(["ingest", "ill.xml"])
        #expect(result.status == 65, "\(result.stderr)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("hawala: error: ill.xml:1"), "\(result.stderr)")
        #expect(last.contains("invalid byte 0xE8"))
        #expect(try listing(cli.directory) == ["ill.xml"])
    }

    /// Item 1: with several files, the ones before the bad file stay imported and summarised.
    @Test func goodFileBeforeABadOneIsKept() throws {
        let cli = try CLIRunner()
        try write(cli, "ill.xml", Array("<report><!--".utf8) + [0xE8] + Array("--></report>".utf8))
        let fixture = CLIRunner.packageRoot.appendingPathComponent("fixtures/goaml-4-biparty.xml").path
        let result = try cli.run(["ingest", fixture, "ill.xml"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("goaml-4-biparty.xml: imported 4"), "\(result.stdout)")
        #expect(result.stderr.contains("hawala: error: ill.xml:1"))
        #expect(try cli.run(["stats"]).stdout.contains("transfers:     4"))
    }

    /// Item 7: stats and findings on a write-protected copy (file 0444, folder 0555) work and
    /// change nothing (also as root: the folder listing and bytes are compared).
    @Test func readOnlyCommandsOnAWriteProtectedCopy() throws {
        let cli = try CLIRunner()
        let fixture = CLIRunner.packageRoot.appendingPathComponent("fixtures/canonical.csv").path
        #expect(try cli.run(["ingest", fixture]).status == 0)
        #expect(try cli.run(["analyze", "--allow-missing-rates"]).status == 0)
        let folder = cli.directory.appendingPathComponent("seized")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("hawala.sqlite")
        try FileManager.default.copyItem(at: cli.directory.appendingPathComponent("hawala.sqlite"), to: copy)
        let before = try Data(contentsOf: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        for command in [["stats"], ["findings"], ["rejects"], ["brokers"]] {
            let result = try cli.run(command + ["--db", copy.path])
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(try listing(folder) == ["hawala.sqlite"])
        #expect(try Data(contentsOf: copy) == before)
    }

    /// Items 7 and 8: while another process holds the write lock, `ingest --wait 0.5` gives up
    /// with exit 74 and says why; `ingest` without `--wait` says it is waiting and finishes
    /// once the other writer commits.
    @Test(.enabled(if: sqlite3Available, "needs the sqlite3 shell (scripts/install-deps.sh)"))
    func secondIngestWaitsForTheWriter() throws {
        let cli = try CLIRunner()
        let root = CLIRunner.packageRoot.appendingPathComponent("fixtures")
        #expect(try cli.run(["ingest", root.appendingPathComponent("goaml-4-biparty.xml").path]).status == 0)

        // The other writer: the sqlite3 shell inside BEGIN IMMEDIATE until we send COMMIT.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [cli.directory.appendingPathComponent("hawala.sqlite").path]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") { seen += output.fileHandleForReading.availableData }

        let capped = try cli.run(["ingest", "--wait", "0.5", root.appendingPathComponent("canonical.csv").path])
        #expect(capped.status == 74, "\(capped.stderr)")
        #expect(capped.stderr.contains("hawala: error:"))
        #expect(capped.stderr.contains("another process is writing"))

        let waiting = Process()
        waiting.executableURL = CLIRunner.executable
        waiting.arguments = ["ingest", "--no-progress", root.appendingPathComponent("canonical.csv").path]
        waiting.currentDirectoryURL = cli.directory
        let errors = Pipe()
        waiting.standardError = errors
        waiting.standardOutput = FileHandle.nullDevice
        try waiting.run()
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("waiting for it to finish") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        said += errors.fileHandleForReading.readDataToEndOfFile()
        waiting.waitUntilExit()
        #expect(String(decoding: said, as: UTF8.self).contains("waiting for it to finish"))
        #expect(waiting.terminationStatus == 0, "\(String(decoding: said, as: UTF8.self))")
    }

    /// Item 8: the waiting ingest names the other import (its file, process and start time,
    /// from the `-importing` note) in its waiting line and again before its error when
    /// `--wait` runs out; a killed importer's note is ignored afterwards.
    @Test func waitingIngestNamesTheOtherImport() throws {
        let cli = try CLIRunner()
        let root = CLIRunner.packageRoot.appendingPathComponent("fixtures")
        try FileManager.default.copyItem(at: root.appendingPathComponent("canonical.csv"), to: cli.directory.appendingPathComponent("ledger.csv"))
        // The other import: paused inside its transaction after its first record.
        let holder = Process()
        holder.executableURL = CLIRunner.executable
        holder.arguments = ["ingest", "--no-progress", "ledger.csv"]
        holder.currentDirectoryURL = cli.directory
        var env = ProcessInfo.processInfo.environment
        env["HAWALA_TEST_PAUSE_AT"] = "import.records=1"
        holder.environment = env
        let holderErrors = Pipe()
        holder.standardError = holderErrors
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        var seen = ""
        while !seen.contains("hawala-test-phase import.records=1\n") {
            let chunk = holderErrors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        #expect(seen.contains("hawala-test-phase import.records=1"), "\(seen)")

        let capped = try cli.run(["ingest", "--no-progress", "--wait", "1.5", root.appendingPathComponent("goaml-4-biparty.xml").path])
        #expect(capped.status == 74, "\(capped.stderr)")
        let lines = capped.stderr.split(separator: "\n").map(String.init)
        let named = "process \(holder.processIdentifier) has been importing ledger.csv since "
        #expect(lines.first?.hasPrefix("hawala: another import is writing to hawala.sqlite: \(named)") == true, "\(capped.stderr)")
        #expect(lines.dropLast().last?.hasPrefix("hawala: \(named)") == true, "\(capped.stderr)")
        #expect(lines.last?.hasPrefix("hawala: error:") == true, "\(capped.stderr)")

        // Killed, its note stays but names no live process: the next ingest just imports.
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("hawala.sqlite-importing").path))
        let after = try cli.run(["ingest", "--no-progress", "--wait", "5", "ledger.csv"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!after.stderr.contains("has been importing"), "\(after.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("hawala.sqlite-importing").path))
    }
}
