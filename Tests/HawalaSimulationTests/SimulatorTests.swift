import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HawalaCore
import Testing

@testable import HawalaSimulation

@Suite struct SimulatorTests {
    @Test func sameSeedGivesSameBytes() throws {
        let a = try temporaryFolder(), b = try temporaryFolder()
        var options = smallOptions()
        options.format = .both
        try Simulator.run(options, to: a)
        try Simulator.run(options, to: b)
        for file in ["transfers.csv", "brokers.csv", "rates.csv", "truth.json"] {
            let left = try Data(contentsOf: a.appendingPathComponent(file))
            let right = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(left == right, "\(file) differs between two runs with one seed")
        }
        let reports = try FileManager.default.contentsOfDirectory(atPath: a.appendingPathComponent("goaml").path).sorted()
        #expect(!reports.isEmpty)
        for name in reports {
            let left = try Data(contentsOf: a.appendingPathComponent("goaml/" + name))
            let right = try Data(contentsOf: b.appendingPathComponent("goaml/" + name))
            #expect(left == right, "goaml/\(name) differs")
        }
    }

    @Test func differentSeedsDiffer() throws {
        let a = try temporaryFolder(), b = try temporaryFolder()
        try Simulator.run(smallOptions(seed: 1), to: a)
        try Simulator.run(smallOptions(seed: 2), to: b)
        let left = try Data(contentsOf: a.appendingPathComponent("transfers.csv"))
        let right = try Data(contentsOf: b.appendingPathComponent("transfers.csv"))
        #expect(left != right)
        let (_, rowsA) = try readTransfers(a), (_, rowsB) = try readTransfers(b)
        #expect(Set(rowsA.map(\.id)).isDisjoint(with: rowsB.map(\.id)))
    }

    @Test func everyTypologyIsPlantedWithTransfersInTheCSV() throws {
        let folder = try temporaryFolder()
        var options = smallOptions(plant: 3)
        options.plant[.cycle] = 5
        let summary = try Simulator.run(options, to: folder)
        let truth = try GroundTruth.read(from: folder.appendingPathComponent("truth.json"))
        let (_, rows) = try readTransfers(folder)
        let ids = Set(rows.map(\.id))
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for typology in Typology.allCases {
            let instances = truth.instances.filter { $0.typology == typology }
            #expect(instances.count == (typology == .cycle ? 5 : 3), "\(typology)")
            for instance in instances {
                #expect(!instance.transferIDs.isEmpty)
                #expect(instance.transferIDs.allSatisfy(ids.contains), "\(instance.id) lists ids missing from the CSV")
                // The instance's brokers are the ones its transfers run between.
                let touched = Set(instance.transferIDs.compactMap { byID[$0] }.flatMap { [$0.sender, $0.receiver] })
                #expect(touched == Set(instance.brokers), "\(instance.id)")
                #expect(instance.firstAt <= instance.lastAt)
            }
        }
        #expect(truth.transfers == rows.count)
        #expect(summary.transfers == rows.count)
        #expect(rows.count == options.transfers)
        #expect(Set(truth.instances.map(\.id)).count == truth.instances.count)
    }

    @Test func canonicalCSVHeaderAndFields() throws {
        let folder = try temporaryFolder()
        try Simulator.run(smallOptions(), to: folder)
        let (header, rows) = try readTransfers(folder)
        #expect(header == "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference")
        let brokers = try String(contentsOf: folder.appendingPathComponent("brokers.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(brokers.count == 40)
        let known = Set(brokers)
        var previous = ""
        for row in rows {
            #expect(row.fields.count == 10)
            #expect(row.timestamp.count == 20 && row.timestamp.hasSuffix("Z"))
            #expect(UTCTime.parseISO8601(row.timestamp) != nil, "bad time \(row.timestamp)")
            #expect(row.timestamp >= previous, "rows are not in time order")
            previous = row.timestamp
            #expect(known.contains(row.sender) && known.contains(row.receiver) && row.sender != row.receiver)
            let currency = try #require(CurrencyCode(row.currency))
            let parts = row.amount.split(separator: ".", omittingEmptySubsequences: false)
            #expect(parts.count == (currency.minorUnitDigits > 0 ? 2 : 1), "amount \(row.amount) \(currency)")
            if parts.count == 2 { #expect(parts[1].count == currency.minorUnitDigits) }
            let decimal = try #require(Decimal(string: row.amount))
            let money = try #require(Money(decimal: decimal, currency: currency))
            #expect(money.plainText == row.amount)
            #expect(money.minorUnits > 0)
            #expect(row.fields[4].hasPrefix("C") && row.fields[5].hasPrefix("C"))
            #expect(TransferText.channels.contains(row.fields[8]))
        }
        #expect(Set(rows.map(\.id)).count == rows.count, "transfer ids are not unique")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("rates.csv").path))
    }

    @Test func oneCurrencyWritesNoRates() throws {
        let folder = try temporaryFolder()
        var options = smallOptions()
        options.currencies = [.usd]
        try Simulator.run(options, to: folder)
        let (_, rows) = try readTransfers(folder)
        #expect(rows.allSatisfy { $0.currency == "USD" })
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("rates.csv").path))
    }

    @Test func plantedAmountsKeepTheirRulesAfterConversion() throws {
        let folder = try temporaryFolder()
        try Simulator.run(smallOptions(plant: 4), to: folder)
        let truth = try GroundTruth.read(from: folder.appendingPathComponent("truth.json"))
        let rates = try readRates(folder)
        let (_, rows) = try readTransfers(folder)
        let usd = Dictionary(rows.map { ($0.id, (Double($0.amount) ?? 0) * (rates[$0.currency] ?? .nan)) },
                             uniquingKeysWith: { a, _ in a })
        let times = Dictionary(rows.map { ($0.id, $0.timestamp) }, uniquingKeysWith: { a, _ in a })
        for instance in truth.instances {
            let amounts = instance.transferIDs.compactMap { usd[$0] }
            switch instance.typology {
            case .structuring:
                // 90–99.9% of the 10,000 USD threshold (docs/simulation.md), up to a minor unit.
                #expect(amounts.allSatisfy { $0 >= 8_990 && $0 < 10_000 }, "\(instance.id): \(amounts)")
            case .cycle:
                // Hop order is time order; each hop 90–100% of the previous; within 21 days.
                let ordered = instance.transferIDs.sorted { times[$0]! < times[$1]! }.compactMap { usd[$0] }
                for (a, b) in zip(ordered, ordered.dropFirst()) {
                    #expect(b / a >= 0.895 && b / a <= 1.005, "\(instance.id) ratio \(b / a)")
                }
                #expect(instance.lastAt.timeIntervalSince(instance.firstAt) <= 21 * 86_400)
            case .rapidPassThrough:
                let ordered = instance.transferIDs.sorted { times[$0]! < times[$1]! }.compactMap { usd[$0] }
                for (a, b) in zip(ordered, ordered.dropFirst()) {
                    #expect(b / a >= 0.965 && b / a <= 1.005, "\(instance.id) ratio \(b / a)")
                }
            case .scatterGather:
                // Each intermediary passes on 95–100% of what it received.
                let rowsByID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                let legs = instance.transferIDs.compactMap { rowsByID[$0] }
                for middle in instance.brokers.dropFirst().dropLast() {
                    let inUSD = legs.filter { $0.receiver == middle }.compactMap { usd[$0.id] }.reduce(0, +)
                    let outUSD = legs.filter { $0.sender == middle }.compactMap { usd[$0.id] }.reduce(0, +)
                    #expect(outUSD / inUSD >= 0.945 && outUSD / inUSD <= 1.005, "\(instance.id) via \(middle)")
                }
                #expect(amounts.allSatisfy { $0 >= 10_000 })
            default:
                #expect(amounts.count == instance.transferIDs.count)
            }
        }
    }

    @Test func goAMLReportsAreWellFormed() throws {
        let folder = try temporaryFolder()
        var options = smallOptions()
        options.format = .goaml
        options.days = 40  // two months: reports per broker and month
        let summary = try Simulator.run(options, to: folder)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("transfers.csv").path))
        let dir = folder.appendingPathComponent("goaml")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count == summary.goamlReports)
        #expect(names.contains { $0.hasSuffix("_2026-02.xml") } && names.contains { $0.hasSuffix("_2026-01.xml") })
        var transactions = 0
        var numbers = Set<String>()
        for name in names {
            let collector = GoAMLCollector()
            let parser = XMLParser(data: try Data(contentsOf: dir.appendingPathComponent(name)))
            parser.delegate = collector
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(collector.root == "report")
            for element in ["rentity_id", "submission_code", "report_code", "currency_code_local", "transactionnumber",
                            "date_transaction", "amount_local", "t_from_my_client", "from_account", "institution_code",
                            "t_to", "to_account", "t_person", "first_name", "to_country"] {
                #expect(collector.counts[element, default: 0] > 0, "\(name) lacks <\(element)>")
            }
            #expect(collector.texts["rentity_id"]?.first.map { name.hasPrefix($0 + "_") } == true)
            transactions += collector.counts["transaction", default: 0]
            numbers.formUnion(collector.texts["transactionnumber"] ?? [])
        }
        #expect(transactions == summary.transfers)
        #expect(numbers.count == summary.transfers)
    }
}

/// Counts elements and keeps some texts of a goAML report.
final class GoAMLCollector: NSObject, XMLParserDelegate {
    var root: String?
    var counts: [String: Int] = [:]
    var texts: [String: [String]] = [:]
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        counts[name, default: 0] += 1
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "rentity_id" || name == "transactionnumber" { texts[name, default: []].append(text) }
    }
}
