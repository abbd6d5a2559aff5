import Foundation
import HawalaIngest

// Parse-only throughput of the CSV parser and of the canonical reader on generated canonical
// rows. Usage: CSVThroughput [ROWS] (default 1,000,000). Prints rows/s for each pass.

let rows = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1_000_000 : 1_000_000

// ONLY=goaml: a goAML report of ROWS bi-party transactions through GoAMLReader instead.
if ProcessInfo.processInfo.environment["ONLY"] == "goaml" {
    let xmlPath = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-goaml-\(getpid()).xml").path
    defer { try? FileManager.default.removeItem(atPath: xmlPath) }
    FileManager.default.createFile(atPath: xmlPath, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: xmlPath) else { fatalError("cannot write \(xmlPath)") }
    var text = "<?xml version=\"1.0\"?>\n<report><rentity_id>RE-1</rentity_id><currency_code_local>AED</currency_code_local>\n"
    for i in 0..<rows {
        text += "<transaction><transactionnumber>TX-\(i)</transactionnumber><date_transaction>2026-05-24T14:30:00</date_transaction>"
        text += "<transmode_code>K</transmode_code><amount_local>\(1000 + i % 9000).50</amount_local>"
        text += "<t_from_my_client><from_person><first_name>A\(i % 977)</first_name><last_name>B</last_name><id_number>ID-\(i % 977)</id_number></from_person></t_from_my_client>"
        text += "<t_to><to_account><institution_name>Bank</institution_name><institution_code>BRK-\(i % 991)</institution_code><account>\(i)</account></to_account></t_to></transaction>\n"
        if text.utf8.count > 1 << 20 {
            handle.write(Data(text.utf8))
            text = ""
        }
    }
    handle.write(Data((text + "</report>\n").utf8))
    try? handle.close()
    let bytes = (try? FileManager.default.attributesOfItem(atPath: xmlPath)[.size] as? Int) ?? 0
    print("file: \(rows) goAML transactions, \(bytes) bytes")
    let start = DispatchTime.now().uptimeNanoseconds
    var reader = try GoAMLReader(path: xmlPath)
    var count = 0
    while let record = try reader.next() {
        if case .transfer = record { count += 1 }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "GoAMLReader: %d transfers in %.3f s = %.0f transactions/s", count, seconds, Double(count) / seconds))
    exit(0)
}
let path = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-throughput-\(getpid()).csv").path
defer { try? FileManager.default.removeItem(atPath: path) }

// Write the file (not timed).
do {
    FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fatalError("cannot write \(path)") }
    var text = "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n"
    let currencies = ["USD", "AED", "PKR", "EUR", "GBP"]
    for i in 0..<rows {
        let day = 1 + i % 28
        let hour = i % 24
        let minute = i % 60
        text += "T-\(i),2026-03-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00Z,"
        text += "BRK-\(i % 997),BRK-\((i * 7 + 1) % 991),P-\(i % 5003),P-\((i * 3) % 4999),"
        text += "\(1000 + i % 90000).\(i % 100 < 10 ? "0" : "")\(i % 100),\(currencies[i % 5]),cash,"
        text += i % 10 == 0 ? "\"Invoice \(i), textiles\"\n" : "ref \(i)\n"
        if text.utf8.count > 1 << 20 {
            handle.write(Data(text.utf8))
            text = ""
        }
    }
    handle.write(Data(text.utf8))
    try? handle.close()
}
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

/// CPU time of this process (user + system), which a machine shared with other jobs
/// disturbs far less than wall-clock time.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(_ label: String, _ body: () throws -> Int) rethrows {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    let count = try body()
    let cpu = cpuSeconds() - cpuStart
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(
        String(
            format: "%@: %d records, wall %.3f s = %.0f rows/s, CPU %.3f s = %.0f rows/s (%.0f MiB/s)", label, count,
            seconds, Double(count) / seconds, cpu, Double(count) / cpu, Double(size) / 1_048_576 / cpu))
}

print("file: \(rows) canonical rows, \(size) bytes")
// ONLY=reader times the validated reader alone (for profiling).
let onlyReader = ProcessInfo.processInfo.environment["ONLY"] == "reader"
for _ in 0..<2 where !onlyReader {
    try measure("CSVParser fields only") {
        let parser = try CSVParser(path: path)
        var count = 0
        var bytes = 0
        while try parser.nextRecord() {
            count += 1
            bytes &+= parser.fieldCount
        }
        return count - 1
    }
    try measure("CSVParser + decode every field to String") {
        let parser = try CSVParser(path: path)
        var count = 0
        var chars = 0
        while try parser.nextRecord() {
            count += 1
            for i in 0..<parser.fieldCount { chars &+= parser.string(at: i)?.utf8.count ?? 0 }
        }
        return count - 1
    }
}
for _ in 0..<2 {
    try measure("CSVTransferReader canonical (validated TransferRows)") {
        guard let spec = BuiltinSpecifications.named("canonical") else { return 0 }
        var reader = try CSVTransferReader(path: path, specification: spec)
        var count = 0
        while let record = try reader.next() {
            if case .transfer = record { count += 1 }
        }
        return count
    }
}
