import Foundation
import Testing

/// Reads a database with Debian's `sqlite3` shell (installed by scripts/install-deps.sh), so
/// the CLI tests see exactly what is on disk, independently of the code under test.
enum SQLiteShell {
    /// Runs `sqlite3 DB SQL` and returns its stdout, trimmed.
    /// - Parameters:
    ///   - db: the database file.
    ///   - sql: one or more statements (or dot-commands on their own lines).
    /// - Returns: the output.
    static func run(_ db: URL, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", db.path]
        let input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every row of every table (quoted, in a fixed order) and every schema object (tables and
    /// indexes, so a dropped `transfers_time` shows), leaving out only the columns that record
    /// when something ran: `started_at`, `finished_at` and a run's `parameters` (which hold
    /// the run's times and costs).
    /// - Parameter db: the database file.
    /// - Returns: one text to compare with `==`.
    static func snapshot(_ db: URL) throws -> String {
        let volatile: Set<String> = ["started_at", "finished_at", "parameters"]
        // Two shell runs: one lists every table's columns, one prints the schema and every row.
        let listing = try run(
            db,
            """
            SELECT m.name || '|' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid;
            """)
        var tables: [(name: String, columns: [String])] = []
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if tables.last?.name != parts[0] { tables.append((parts[0], [])) }
            if !volatile.contains(parts[1]) { tables[tables.count - 1].columns.append(parts[1]) }
        }
        var script = ".mode quote\nSELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;\n"
        for table in tables {
            let list = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
            script += "SELECT '-- \(table.name)';\nSELECT \(list) FROM \"\(table.name)\" ORDER BY \(list);\n"
        }
        return try run(db, script)
    }
}

/// A `hawala` child process run until it announces a test-hook phase (``HawalaCore/TestHook``,
/// `HAWALA_TEST_PAUSE_AT`), then killed with SIGKILL.
enum KilledRun {
    /// Runs `hawala ARGS` in `cli`'s folder with `HAWALA_TEST_PAUSE_AT=phase`, waits for
    /// `hawala-test-phase PHASE` on stderr, and kills it.
    /// - Returns: whether the phase was reached (the process was paused there when killed)
    ///   and the stderr seen.
    static func run(_ cli: CLIRunner, _ arguments: [String], pauseAt phase: String) throws -> (reached: Bool, stderr: String) {
        let child = Process()
        child.executableURL = CLIRunner.executable
        child.arguments = arguments
        child.currentDirectoryURL = cli.directory
        var env = ProcessInfo.processInfo.environment
        env["HAWALA_TEST_PAUSE_AT"] = phase
        child.environment = env
        child.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        child.standardError = errors
        try child.run()
        var seen = ""
        while !seen.contains("hawala-test-phase \(phase)\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the child ended without reaching the phase
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let reached = seen.contains("hawala-test-phase \(phase)\n") && child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        return (reached, seen)
    }
}
