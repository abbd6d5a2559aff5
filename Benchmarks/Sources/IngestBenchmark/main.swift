// Ingest benchmark (issue 2, "Speed"): N canonical CSV rows imported from a real file the way
// `hawala ingest FILE.csv` does it (SHA-256, format detection, CSVTransferReader validating each
// row, Importer writing into a fresh HawalaTrace database in one transaction, time index rebuilt
// at the end) against a bare insert loop of the same rows through the SQLite C API, in the
// same run.
//
// The benchmark first writes the canonical CSV files (deterministic) to a temporary directory,
// then runs each phase in its own child process, so its peak memory (getrusage ru_maxrss) is
// its own:
//   read        CSVTransferReader alone over the file (the reader's share; no database)
//   bare        the rows, PRE-PARSED INTO MEMORY before the clock starts (a byte arena plus
//               integers, i.e. what a C program would hold), inserted by one prepared INSERT
//               into a `transfers` table of the same columns and the same UNIQUE id, one
//               transaction, the same PRAGMAs, text bound with SQLITE_STATIC
//   bare+index  the same, plus the transfers(time) index built before COMMIT, as the importer does
//   ingest      the real path from the file (read-ahead thread on, the default)
//   ingest-seq  the same with `readsAhead = false` (reader and writer on one thread)
//
// Usage: IngestBenchmark [ROWS] [ROUNDS]   (defaults 1000000, 3); see docs/benchmarks.md.
import Foundation
import GRDBSQLite
import HawalaCore
import HawalaIngest
import HawalaStore

struct Result: Codable {
    var phase: String
    var rows: Int
    /// Wall seconds of the timed part.
    var seconds: Double
    /// User + system CPU seconds of the whole process (all threads) during the timed part.
    var cpuSeconds: Double
    /// CPU seconds of the thread that writes to SQLite (the pipeline's critical path); for
    /// one-thread phases equal to ``cpuSeconds`` up to noise.
    var writerCPUSeconds: Double
    /// SHA-256 seconds inside ``seconds`` (ingest phases).
    var digestSeconds: Double = 0
    var maxRSSMiB: Double
}

func processCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func maxRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // KiB on Linux
}

func temporaryDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-ingest-bench-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("IngestBenchmark: \(message)\n".utf8))
    exit(1)
}

// MARK: - The canonical CSV file

/// Writes `rows` canonical rows: ids T0…, times 7 s apart from 2026-01-01T00:00:00Z, 1,000
/// brokers (sender ≠ receiver), 50,000 parties, amounts 10.00–99,999.99 from a fixed LCG,
/// currencies USD (8 in 10), AED, EUR, four channels, every tenth reference quoted with an
/// embedded comma.
func writeCanonicalCSV(rows: Int, to path: String) {
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fail("cannot write \(path)") }
    var out: [UInt8] = []
    out.reserveCapacity(1 << 21)
    func append(_ s: String) { out.append(contentsOf: s.utf8) }
    func two(_ v: Int) {
        out.append(UInt8(48 + v / 10))
        out.append(UInt8(48 + v % 10))
    }
    append("transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n")
    let currencies = ["USD", "USD", "USD", "USD", "USD", "USD", "USD", "USD", "AED", "EUR"]
    let channels = ["cash", "bank", "mobile", "courier"]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let base: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    for i in 0..<rows {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let random = state >> 17
        let sender = Int(random % 1_000)
        var receiver = Int((random >> 20) % 1_000)
        if receiver == sender { receiver = (receiver + 1) % 1_000 }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let parties = state >> 17
        let minor = 1_000 + Int((random >> 7) % 9_999_000)
        // Civil date from days (H. Hinnant, "chrono-compatible low-level date algorithms").
        let t = base + Int64(i) * 7
        let days = Int(t / 86_400)
        let secondOfDay = Int(t % 86_400)
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        append("T\(i),\(year)-")
        two(month)
        out.append(UInt8(ascii: "-"))
        two(day)
        out.append(UInt8(ascii: "T"))
        two(secondOfDay / 3_600)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay / 60 % 60)
        out.append(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        append("Z,BRK-\(sender),BRK-\(receiver),P-\(Int(parties % 50_000)),P-\(Int((parties >> 20) % 50_000)),")
        append("\(minor / 100).")
        two(minor % 100)
        append(",\(currencies[i % 10]),\(channels[i % 4]),")
        append(i % 10 == 0 ? "\"Invoice \(i), textiles\"\n" : "ref \(i)\n")
        if out.count > 1 << 20 {
            handle.write(Data(out))
            out.removeAll(keepingCapacity: true)
        }
    }
    handle.write(Data(out))
    try? handle.close()
}

// MARK: - Phases

/// The reader alone: every row read and validated, nothing stored.
func readOnly(csv: String) -> Result {
    let wall = now()
    let cpu = processCPU()
    var count = 0
    do {
        var reader = try Readers.open(path: csv)
        while let record = try reader.next() {
            guard case .transfer = record else { fail("unexpected record \(record)") }
            count += 1
        }
    } catch {
        fail("\(error)")
    }
    let cpuSeconds = processCPU() - cpu
    return Result(
        phase: "read", rows: count, seconds: now() - wall, cpuSeconds: cpuSeconds, writerCPUSeconds: cpuSeconds,
        maxRSSMiB: maxRSSMiB())
}

/// `hawala ingest CSV` into a fresh database: digest, detection, reader, importer.
func ingest(csv: String, readsAhead: Bool, expected: Int) -> Result {
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    do {
        let store = try Store(path: dir.appendingPathComponent("bench.sqlite").path)
        let wall = now()
        let cpu = processCPU()
        let writer = threadCPU()
        let digest = try FileDigest.sha256(path: csv)
        let digestSeconds = now() - wall
        var importer = Importer(store: store)
        importer.readsAhead = readsAhead
        let reader = try Readers.open(path: csv, fileSHA256: digest.hex)
        let summary = try importer.importFile(reader: reader, path: csv, sha256: digest.hex, size: digest.size)
        let result = Result(
            phase: readsAhead ? "ingest" : "ingest-seq", rows: summary.imported, seconds: now() - wall,
            cpuSeconds: processCPU() - cpu, writerCPUSeconds: threadCPU() - writer, digestSeconds: digestSeconds,
            maxRSSMiB: maxRSSMiB())
        guard summary.imported == expected, summary.rejected == 0, summary.duplicates == 0 else {
            fail("imported \(summary.imported) of \(expected), rejected \(summary.rejected), duplicates \(summary.duplicates)")
        }
        return result
    } catch {
        fail("\(error)")
    }
}

/// Rows held in memory for the bare loop: text fields in one byte arena, as a C program would.
struct PreparsedRows {
    /// Text slots per row: id, sender, receiver, originator, beneficiary, currency, channel, reference.
    static let textFields = 8
    var arena: UnsafeMutableBufferPointer<CChar>
    /// Per row and text slot: (offset, length); length -1 for NULL.
    var slots: [(Int32, Int32)]
    /// Per row: time (s since 1970), amount (minor units), reporting amount or -1 (NULL), line.
    var integers: [(Int64, Int64, Int64, Int64)]
    var count: Int { integers.count }

    /// Reads the CSV through the same reader (not timed) and keeps exactly the values the
    /// importer stores; the reporting amount is the amount for USD rows and NULL otherwise, as
    /// the importer gives with no exchange rates loaded.
    init(csv: String) {
        var bytes: [CChar] = []
        var slots: [(Int32, Int32)] = []
        var integers: [(Int64, Int64, Int64, Int64)] = []
        func add(_ text: String?) {
            guard let text else {
                slots.append((0, -1))
                return
            }
            slots.append((Int32(bytes.count), Int32(text.utf8.count)))
            for b in text.utf8 { bytes.append(CChar(bitPattern: b)) }
        }
        do {
            var reader = try Readers.open(path: csv)
            while let record = try reader.next() {
                guard case .transfer(let row) = record else { fail("unexpected record") }
                let t = row.transfer
                add(t.id)
                add(t.senderBroker)
                add(t.receiverBroker)
                add(t.originator)
                add(t.beneficiary)
                add(t.amount.currency.code)
                add(t.channel)
                add(t.reference)
                integers.append((
                    Int64(t.timestamp.timeIntervalSince1970.rounded(.down)), t.amount.minorUnits,
                    t.amount.currency == .usd ? t.amount.minorUnits : -1, Int64(row.location.line ?? 0)
                ))
            }
        } catch {
            fail("\(error)")
        }
        arena = .allocate(capacity: max(bytes.count, 1))
        _ = arena.initialize(from: bytes)
        self.slots = slots
        self.integers = integers
    }
}

/// The bare loop (see the header comment); `withIndex` also builds transfers(time) before COMMIT.
func bare(csv: String, withIndex: Bool) -> Result {
    let rows = PreparsedRows(csv: csv)
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("bench.sqlite").path
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK, let db else { fail("cannot open \(path)") }
    defer { sqlite3_close(db) }
    func exec(_ sql: String) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fail(String(cString: sqlite3_errmsg(db))) }
    }
    exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON")
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
    let arena = rows.arena.baseAddress!
    // Text parameter for each text slot: id, sender, receiver, originator, beneficiary, currency, channel, reference.
    let parameters: [Int32] = [1, 3, 4, 5, 6, 8, 11, 12]
    let wall = now()
    let cpu = processCPU()
    exec("BEGIN IMMEDIATE")
    sqlite3_bind_null(statement, 15)
    sqlite3_bind_int64(statement, 13, 1)
    for r in 0..<rows.count {
        let base = r * PreparsedRows.textFields
        for k in 0..<PreparsedRows.textFields {
            let (offset, length) = rows.slots[base + k]
            if length < 0 {
                sqlite3_bind_null(statement, parameters[k])
            } else {
                sqlite3_bind_text(statement, parameters[k], arena + Int(offset), length, nil)  // nil = SQLITE_STATIC
            }
        }
        let (time, amount, reporting, line) = rows.integers[r]
        sqlite3_bind_int64(statement, 2, time)
        sqlite3_bind_int64(statement, 7, amount)
        if reporting >= 0 {
            sqlite3_bind_int64(statement, 9, reporting)
            sqlite3_bind_text(statement, 10, "USD", 3, nil)
        } else {
            sqlite3_bind_null(statement, 9)
            sqlite3_bind_null(statement, 10)
        }
        sqlite3_bind_int64(statement, 14, line)
        guard sqlite3_step(statement) == SQLITE_DONE else { fail(String(cString: sqlite3_errmsg(db))) }
        sqlite3_reset(statement)
    }
    if withIndex { exec("CREATE INDEX transfers_time ON transfers(time)") }
    exec("COMMIT")
    let cpuSeconds = processCPU() - cpu
    return Result(
        phase: withIndex ? "bare+index" : "bare", rows: rows.count, seconds: now() - wall, cpuSeconds: cpuSeconds,
        writerCPUSeconds: cpuSeconds, maxRSSMiB: maxRSSMiB())
}

// MARK: - Driver

let arguments = CommandLine.arguments
if arguments.count >= 5, arguments[1] == "--phase", let rows = Int(arguments[3]) {
    let csv = arguments[4]
    let result: Result
    switch arguments[2] {
    case "read": result = readOnly(csv: csv)
    case "bare": result = bare(csv: csv, withIndex: false)
    case "bare+index": result = bare(csv: csv, withIndex: true)
    case "ingest": result = ingest(csv: csv, readsAhead: true, expected: rows)
    case "ingest-seq": result = ingest(csv: csv, readsAhead: false, expected: rows)
    default: fail("unknown phase \(arguments[2])")
    }
    guard result.rows == rows else { fail("\(result.phase): \(result.rows) rows, expected \(rows)") }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    print(String(decoding: (try? encoder.encode(result)) ?? Data(), as: UTF8.self))
    exit(0)
}

let rows = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
let phases = (ProcessInfo.processInfo.environment["PHASES"] ?? "read,bare,bare+index,ingest,ingest-seq")
    .split(separator: ",").map(String.init)

func runPhase(_ phase: String, _ rows: Int, _ csv: String) -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = ["--phase", phase, String(rows), csv]
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

let directory = temporaryDirectory()
// KEEP=1 keeps the generated CSV files (for profiling a phase: IngestBenchmark --phase NAME ROWS CSV).
defer { if ProcessInfo.processInfo.environment["KEEP"] != "1" { try? FileManager.default.removeItem(at: directory) } }
func csvFile(_ n: Int) -> String {
    let path = directory.appendingPathComponent("canonical-\(n).csv").path
    if !FileManager.default.fileExists(atPath: path) { writeCanonicalCSV(rows: n, to: path) }
    return path
}
let csv = csvFile(rows)
let size = ((try? FileManager.default.attributesOfItem(atPath: csv))?[.size] as? NSNumber)?.int64Value ?? 0
print(String(format: "rows: %d, rounds: %d, file: %.1f MB canonical CSV, %@", rows, rounds, Double(size) / 1e6, csv))
print("rows/s = rows / seconds; CPU = all threads of the phase's process; writer CPU = the SQLite-writing thread")
var results: [String: [Result]] = [:]
for round in 1...rounds {
    for phase in phases {
        let r = runPhase(phase, rows, csv)
        results[phase, default: []].append(r)
        print(String(
            format: "round %d  %@ %9.0f rows/s wall (%6.2f s)  %9.0f rows/CPU-s (%6.2f s)  writer %9.0f rows/CPU-s (%6.2f s)%@  peak RSS %6.1f MiB",
            round, phase.padding(toLength: 11, withPad: " ", startingAt: 0) as NSString, Double(r.rows) / r.seconds, r.seconds,
            Double(r.rows) / r.cpuSeconds, r.cpuSeconds, Double(r.rows) / r.writerCPUSeconds, r.writerCPUSeconds,
            r.digestSeconds > 0 ? String(format: "  (SHA-256 %.2f s)", r.digestSeconds) as NSString : "" as NSString,
            r.maxRSSMiB))
    }
}
@MainActor func best(_ phase: String, _ key: (Result) -> Double) -> Double {
    results[phase]?.map { Double($0.rows) / key($0) }.max() ?? 0
}
for phase in ["ingest", "ingest-seq"] where results[phase] != nil {
    for reference in ["bare", "bare+index"] where results[reference] != nil {
        print(String(
            format: "best %@ vs %@: wall %.0f%%, writer CPU %.0f%%, process CPU %.0f%%", phase as NSString,
            reference as NSString,
            100 * best(phase, \.seconds) / best(reference, \.seconds),
            100 * best(phase, \.writerCPUSeconds) / best(reference, \.cpuSeconds),
            100 * best(phase, \.cpuSeconds) / best(reference, \.cpuSeconds)))
    }
}
// Peak memory against the file's size: a quarter, the full size (above) and twice the rows.
if ProcessInfo.processInfo.environment["MEMORY"] != "0" {
    var line = "memory: ingest peak RSS"
    for n in [max(rows / 4, 1), rows, rows * 2] {
        let r = n == rows ? results["ingest"]?.last ?? runPhase("ingest", n, csvFile(n)) : runPhase("ingest", n, csvFile(n))
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: csvFile(n)))?[.size] as? NSNumber)?.int64Value ?? 0
        line += String(format: "  %.1f MiB at %d rows (%.0f MB file)", r.maxRSSMiB, n, Double(bytes) / 1e6)
    }
    print(line)
}
