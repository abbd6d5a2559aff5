// Ingest benchmark (issue 2, "Speed"): N canonical-shaped rows through the real Importer
// (HawalaIngest → HawalaStore, one transaction, indexes rebuilt at the end) against a bare
// insert loop of the same rows through the SQLite C API, in the same run.
//
// Both sides take their rows from SyntheticTransferReader (the same deterministic sequence),
// so the difference is the importer's own cost: rate conversion, broker/party bookkeeping,
// duplicate detection, provenance. Each phase runs in its own child process so its peak
// memory (getrusage ru_maxrss) is its own.
//
// Usage: swift run -c release IngestBenchmark [ROWS] [ROUNDS]   (defaults 1000000, 2)
import Foundation
import GRDBSQLite
import HawalaCore
import HawalaIngest
import HawalaStore

struct Result: Codable {
    var phase: String
    var rows: Int
    var seconds: Double
    var rowsPerSecond: Double
    var maxRSSMiB: Double
    /// User + system CPU seconds of the phase's process (less sensitive to other load than wall time).
    var cpuSeconds: Double = 0
    var rowsPerCPUSecond: Double = 0
}

func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func maxRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // KiB on Linux
    #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
    #endif
}

func temporaryDatabase() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("bench.sqlite").path
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("IngestBenchmark: \(message)\n".utf8))
    exit(1)
}

/// Reads all rows without storing them: the cost of generating the input.
func generateOnly(rows: Int) -> Result {
    var reader = SyntheticTransferReader(rows: rows)
    let start = now()
    var count = 0
    while let record = try? reader.next() {
        if case .transfer(let row) = record { count += row.transfer.id.utf8.count > 0 ? 1 : 0 }
    }
    let seconds = now() - start
    return Result(phase: "generate", rows: count, seconds: seconds, rowsPerSecond: Double(count) / seconds, maxRSSMiB: maxRSSMiB())
}

/// The real importer into a fresh HawalaTrace database.
func importer(rows: Int) -> Result {
    let path = temporaryDatabase()
    do {
        let store = try Store(path: path)
        let start = now()
        let summary = try Importer(store: store).importFile(
            reader: SyntheticTransferReader(rows: rows), path: "synthetic", sha256: String(repeating: "a", count: 64),
            size: Int64(rows) * SyntheticTransferReader.bytesPerRow)
        let seconds = now() - start
        guard summary.imported == rows else { fail("imported \(summary.imported) of \(rows)") }
        return Result(phase: "importer", rows: rows, seconds: seconds, rowsPerSecond: Double(rows) / seconds, maxRSSMiB: maxRSSMiB())
    } catch {
        fail("\(error)")
    }
}

/// A bare loop: one prepared INSERT into a `transfers` table of the same columns (same
/// UNIQUE id), one transaction, same PRAGMAs; `withIndexes` also builds the same secondary
/// index (time) after the load, as the importer does.
func bare(rows: Int, withIndexes: Bool) -> Result {
    let path = temporaryDatabase()
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK, let db else { fail("cannot open \(path)") }
    defer { sqlite3_close(db) }
    func exec(_ sql: String) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fail(String(cString: sqlite3_errmsg(db))) }
    }
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
    exec("""
        CREATE TABLE transfers (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL,
            sender TEXT NOT NULL, receiver TEXT NOT NULL, originator TEXT, beneficiary TEXT, amount INTEGER NOT NULL,
            currency TEXT NOT NULL, reporting_amount INTEGER, reporting_currency TEXT, channel TEXT, reference TEXT,
            import_id INTEGER NOT NULL, line INTEGER, element TEXT)
        """)
    var statement: OpaquePointer?
    let sql = """
        INSERT INTO transfers(id, time, sender, receiver, originator, beneficiary, amount, currency,
            reporting_amount, reporting_currency, channel, reference, import_id, line, element)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { fail("prepare") }
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                statement, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count), transient)
        }
    }
    var reader = SyntheticTransferReader(rows: rows)
    let start = now()
    exec("BEGIN IMMEDIATE")
    var count = 0
    while let record = try? reader.next() {
        guard case .transfer(let row) = record else { continue }
        let t = row.transfer
        bind(1, t.id)
        sqlite3_bind_int64(statement, 2, Int64(t.timestamp.timeIntervalSince1970))
        bind(3, t.senderBroker)
        bind(4, t.receiverBroker)
        bind(5, t.originator)
        bind(6, t.beneficiary)
        sqlite3_bind_int64(statement, 7, t.amount.minorUnits)
        bind(8, t.amount.currency.code)
        sqlite3_bind_int64(statement, 9, t.amount.minorUnits)
        bind(10, "USD")
        bind(11, t.channel)
        bind(12, t.reference)
        sqlite3_bind_int64(statement, 13, 1)
        sqlite3_bind_int64(statement, 14, Int64(row.location.line ?? 0))
        sqlite3_bind_null(statement, 15)
        guard sqlite3_step(statement) == SQLITE_DONE else { fail(String(cString: sqlite3_errmsg(db))) }
        sqlite3_reset(statement)
        count += 1
    }
    if withIndexes {
        exec("CREATE INDEX transfers_time ON transfers(time)")
    }
    exec("COMMIT")
    let seconds = now() - start
    return Result(
        phase: withIndexes ? "bare+indexes" : "bare", rows: count, seconds: seconds, rowsPerSecond: Double(count) / seconds,
        maxRSSMiB: maxRSSMiB())
}

let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "--phase", let rows = Int(arguments[3]) {
    var result: Result
    let cpuStart = cpuSeconds()
    switch arguments[2] {
    case "generate": result = generateOnly(rows: rows)
    case "importer": result = importer(rows: rows)
    case "bare": result = bare(rows: rows, withIndexes: false)
    case "bare+indexes": result = bare(rows: rows, withIndexes: true)
    default: fail("unknown phase \(arguments[2])")
    }
    result.cpuSeconds = cpuSeconds() - cpuStart
    result.rowsPerCPUSecond = Double(result.rows) / result.cpuSeconds
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    print(String(decoding: (try? encoder.encode(result)) ?? Data(), as: UTF8.self))
    exit(0)
}

let rows = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 2 : 2
func runPhase(_ phase: String, _ rows: Int) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = ["--phase", phase, String(rows)]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { fail("cannot start a phase: \(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let result = try? JSONDecoder().decode(Result.self, from: data) else {
        fail("phase \(phase) failed")
    }
    return result
}

print("rows: \(rows), rounds: \(rounds)")
var best: [String: Result] = [:]
for round in 1...rounds {
    for phase in ["generate", "bare", "bare+indexes", "importer"] {
        let result = runPhase(phase, rows)
        print(String(
            format: "round %d  %@  %9.0f rows/s wall (%6.2f s)  %9.0f rows/CPU-s (%6.2f s)  peak RSS %6.1f MiB", round,
            phase.padding(toLength: 13, withPad: " ", startingAt: 0) as NSString, result.rowsPerSecond, result.seconds,
            result.rowsPerCPUSecond, result.cpuSeconds, result.maxRSSMiB))
        if best[phase].map({ result.rowsPerCPUSecond > $0.rowsPerCPUSecond }) ?? true { best[phase] = result }
    }
}
if let imp = best["importer"], let bare = best["bare"], let bareIdx = best["bare+indexes"] {
    print(String(format: "best (by CPU time): importer %.0f rows/CPU-s = %.0f%% of bare (%.0f), %.0f%% of bare+indexes (%.0f)",
                 imp.rowsPerCPUSecond, 100 * imp.rowsPerCPUSecond / bare.rowsPerCPUSecond, bare.rowsPerCPUSecond,
                 100 * imp.rowsPerCPUSecond / bareIdx.rowsPerCPUSecond, bareIdx.rowsPerCPUSecond))
    print(String(format: "best (by wall time): importer %.0f rows/s = %.0f%% of bare (%.0f), %.0f%% of bare+indexes (%.0f)",
                 imp.rowsPerSecond, 100 * imp.rowsPerSecond / bare.rowsPerSecond, bare.rowsPerSecond,
                 100 * imp.rowsPerSecond / bareIdx.rowsPerSecond, bareIdx.rowsPerSecond))
}
// Peak memory against input size: a quarter, the full size (above) and twice the rows.
let small = runPhase("importer", max(rows / 4, 1))
let large = runPhase("importer", rows * 2)
print(String(format: "memory: importer peak RSS %.1f MiB at %d rows, %.1f MiB at %d rows, %.1f MiB at %d rows",
             small.maxRSSMiB, small.rows, best["importer"]?.maxRSSMiB ?? 0, rows, large.maxRSSMiB, large.rows))
