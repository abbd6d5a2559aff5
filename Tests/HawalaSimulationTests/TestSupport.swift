import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

/// A fresh temporary folder per test.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("hawala-sim-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Small options that still plant every typology.
func smallOptions(seed: UInt64 = 7, plant: Int = 2) -> SimulationOptions {
    var options = SimulationOptions()
    options.seed = seed
    options.brokers = 40
    options.transfers = 3_000
    options.days = 8
    for typology in Typology.allCases { options.plant[typology] = plant }
    return options
}

/// One row of transfers.csv, split simply (the generator never quotes).
struct CSVRow {
    var fields: [String]
    var id: String { fields[0] }
    var timestamp: String { fields[1] }
    var sender: String { fields[2] }
    var receiver: String { fields[3] }
    var amount: String { fields[6] }
    var currency: String { fields[7] }
}

/// Reads transfers.csv: the header line and the rows.
func readTransfers(_ folder: URL) throws -> (header: String, rows: [CSVRow]) {
    let text = try String(contentsOf: folder.appendingPathComponent("transfers.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.last == "")
    lines.removeLast()
    let header = lines.removeFirst()
    return (header, lines.map { CSVRow(fields: $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) })
}

/// Reads rates.csv into currency → USD rate.
func readRates(_ folder: URL) throws -> [String: Double] {
    let text = try String(contentsOf: folder.appendingPathComponent("rates.csv"), encoding: .utf8)
    var rates: [String: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        rates[String(f[0])] = Double(f[1])
    }
    return rates
}
