import Foundation
import HawalaCore

@testable import HawalaReport

/// Small hand-built inputs: a 4-broker settlement cycle, a 6-sender fan-in, a 3-hop chain,
/// structuring between two brokers (8 transfers, merged arrows), a hostile broker name.
enum ReportFixtures {
    static let hostileName = "<script>alert('x')</script> & \"Exchange\""

    static func date(_ text: String) -> Date { UTCTime.parseISO8601(text) ?? Date(timeIntervalSince1970: 0) }

    static func usd(_ major: Int64) -> Money { Money(minorUnits: major * 100, currency: .usd) }

    static func transfer(_ id: String, _ time: String, _ from: String, _ to: String, _ amount: Int64,
                         originator: String? = nil, beneficiary: String? = nil, currency: String = "USD") -> Transfer {
        let code = CurrencyCode(currency) ?? .usd
        let money = Money(minorUnits: amount * 100, currency: code)
        return Transfer(id: id, timestamp: date(time), senderBroker: from, receiverBroker: to,
                        originator: originator, beneficiary: beneficiary, amount: money,
                        reportingAmount: code == .usd ? money : Money(minorUnits: amount * 27, currency: .usd))
    }

    /// The full input: 4 findings, 22 transfers, 12 brokers.
    static func input() -> ReportInput {
        let brokers = [
            Broker(id: "BRK-1", name: "Al-Noor Exchange", country: "AE", licence: "DXB-0042"),
            Broker(id: "BRK-2", name: "Kabul Sarafi Union", country: "AF"),
            Broker(id: "BRK-3", name: "Peshawar Money House", country: "PK"),
            Broker(id: "BRK-4", name: hostileName, country: "GB"),
            Broker(id: "BRK-5", name: "Mogadishu Dahabshiil Agent", country: "SO"),
            Broker(id: "BRK-6", name: "Rotterdam Belwinkel", country: "NL"),
            Broker(id: "BRK-7", name: "Torino Phone Centre", country: "IT"),
            Broker(id: "BRK-8", name: "Malmö Resebyrå", country: "SE"),
            Broker(id: "BRK-9", name: "Lyon Alimentation", country: "FR"),
            Broker(id: "BRK-10", name: "Berlin Späti Transfer", country: "DE"),
            Broker(id: "BRK-11", country: "TR"),
            Broker(id: "BRK-12", name: "Doha Gold Souq Trading", country: "QA"),
        ]
        var transfers: [Transfer] = [
            // Cycle 1 → 2 → 3 → 4 → 1.
            transfer("T-01", "2026-03-02T09:00:00Z", "BRK-1", "BRK-2", 48_200, originator: "P-1", beneficiary: "P-2"),
            transfer("T-02", "2026-03-03T10:30:00Z", "BRK-2", "BRK-3", 47_900, originator: "P-2", beneficiary: "P-3"),
            transfer("T-03", "2026-03-05T15:10:00Z", "BRK-3", "BRK-4", 47_500, originator: "P-3", beneficiary: "P-4"),
            transfer("T-04", "2026-03-07T08:45:00Z", "BRK-4", "BRK-1", 47_100, originator: "P-4", beneficiary: "P-1"),
        ]
        // Fan-in: 6 senders pay BRK-5 within a week.
        for (i, sender) in ["BRK-6", "BRK-7", "BRK-8", "BRK-9", "BRK-10", "BRK-11"].enumerated() {
            transfers.append(transfer("T-1\(i)", "2026-03-1\(i)T12:00:00Z", sender, "BRK-5", 9_000 + Int64(i) * 150,
                                      originator: "P-\(10 + i)", beneficiary: "P-20"))
        }
        // Chain 6 → 12 → 1 → 3 (rapid pass-through), one leg in AED.
        transfers.append(transfer("T-30", "2026-04-01T08:00:00Z", "BRK-6", "BRK-12", 120_000))
        transfers.append(transfer("T-31", "2026-04-01T11:00:00Z", "BRK-12", "BRK-1", 440_000, currency: "AED"))
        transfers.append(transfer("T-32", "2026-04-01T16:00:00Z", "BRK-1", "BRK-3", 118_500))
        // Structuring: 8 transfers just under 10,000 from BRK-2 to BRK-5, one back.
        for i in 0..<8 {
            transfers.append(transfer("T-4\(i)", "2026-04-0\(i + 1)T1\(i):00:00Z", "BRK-2", "BRK-5", 9_900 - Int64(i) * 10,
                                      originator: "P-30", beneficiary: "P-31"))
        }
        transfers.append(transfer("T-48", "2026-04-09T10:00:00Z", "BRK-5", "BRK-2", 5_000))
        let findings = [
            Finding(id: "F-000001", typology: .cycle, score: 0.93, brokers: ["BRK-1", "BRK-2", "BRK-3", "BRK-4"],
                    transferIDs: ["T-01", "T-02", "T-03", "T-04"], amount: 190_700, currency: .usd,
                    firstAt: date("2026-03-02T09:00:00Z"), lastAt: date("2026-03-07T08:45:00Z"),
                    explanation: "Value went round 4 brokers in 5 days and came back to BRK-1 (190,700 USD)."),
            Finding(id: "F-000002", typology: .fanIn, score: 0.71, brokers: ["BRK-5", "BRK-6", "BRK-7", "BRK-8", "BRK-9", "BRK-10", "BRK-11"],
                    transferIDs: (0..<6).map { "T-1\($0)" }, amount: 56_250, currency: .usd,
                    firstAt: date("2026-03-10T12:00:00Z"), lastAt: date("2026-03-15T12:00:00Z"),
                    explanation: "6 brokers in 6 countries paid BRK-5 within 6 days."),
            Finding(id: "F-000003", typology: .rapidPassThrough, score: 0.66, brokers: ["BRK-6", "BRK-12", "BRK-1", "BRK-3"],
                    transferIDs: ["T-30", "T-31", "T-32"], amount: 357_300, currency: .usd,
                    firstAt: date("2026-04-01T08:00:00Z"), lastAt: date("2026-04-01T16:00:00Z"),
                    explanation: "Value passed through 2 brokers within 8 hours."),
            Finding(id: "F-000004", typology: .structuring, score: 0.58, brokers: ["BRK-2", "BRK-5"],
                    transferIDs: (0..<9).map { "T-4\($0)" }, amount: 83_720, currency: .usd,
                    firstAt: date("2026-04-01T10:00:00Z"), lastAt: date("2026-04-09T10:00:00Z"),
                    explanation: "8 transfers just under 10,000 USD from BRK-2 to BRK-5 in 8 days."),
        ]
        var provenance: [String: [Provenance]] = [:]
        for (line, transfer) in transfers.enumerated() {
            provenance[transfer.id] = [Provenance(file: "ledgers/dxb-<2026>.csv", sha256: String(repeating: "ab", count: 32), line: line + 2)]
        }
        let parties = [
            Party(id: "P-1", name: "Ahmad Karimi", kind: .person, country: "AF"),
            Party(id: "P-2", name: "Fatima Noori", kind: .person),
            Party(id: "P-3", name: "Khyber Traders Ltd", kind: .entity, country: "PK"),
            Party(id: "P-4", name: "<b>bold</b> person", kind: .person),
            Party(id: "P-20", name: "Hodan Ali", kind: .person, country: "SO"),
        ]
        let run = ReportRun(
            id: "7", parameters: ReportRun.parameters(fromJSON: #"{"cycle":{"max_hops":5,"window_days":14},"structuring":{"threshold":10000,"band":0.1},"reporting_currency":"USD","enabled":true}"#),
            dataFrom: date("2026-03-01T00:00:00Z"), dataTo: date("2026-04-30T23:59:59Z"),
            startedAt: date("2026-05-02T07:15:00Z"), toolVersion: "0.1.0")
        let risks = [
            BrokerRisk(brokerID: "BRK-1", score: 0.88, reasons: ["in 1 cycle", "pass-through hub"]),
            BrokerRisk(brokerID: "BRK-5", score: 0.74, reasons: ["fan-in from 6 countries", "structuring receiver"]),
            BrokerRisk(brokerID: "BRK-4", score: 0.41, reasons: ["name <script> & friends"]),
        ]
        return ReportInput(run: run, findings: findings, transfers: transfers, provenance: provenance,
                           brokers: brokers, parties: parties, risks: risks, title: "Case <HT-2026-01> report")
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program, returning its exit status and output; `nil` when it cannot start.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether a program is on PATH.
    static func has(_ program: String) -> Bool {
        run("sh", ["-c", "command -v \(program)"])?.status == 0
    }

    /// Whether python3 can import a module.
    static func hasPython(_ module: String) -> Bool {
        run("python3", ["-c", "import \(module)"])?.status == 0
    }
}
