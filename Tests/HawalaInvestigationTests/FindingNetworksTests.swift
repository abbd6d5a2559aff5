import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaSimulation
import Testing

@testable import HawalaInvestigation

@Suite struct FindingNetworksTests {
    /// Three schemes and an exchange house (EXH) with an imbalance against one broker of each
    /// and a fan-out touching three of them.
    static let findings = [
        finding("F-000001", .cycle, brokers: ["A1", "B1", "C1"], transfers: ["T1", "T2", "T3"]),
        finding("F-000002", .rapidPassThrough, brokers: ["A1", "B1"], transfers: ["T1", "T2"]),
        finding("F-000003", .fanIn, brokers: ["H2", "S21", "S22", "S23"], transfers: ["T10", "T11", "T12"]),
        finding("F-000004", .structuring, brokers: ["S21", "H2"], transfers: ["T10", "T11"]),
        finding("F-000005", .scatterGather, brokers: ["X3", "M31", "M32", "Y3"], transfers: ["T20", "T21", "T22", "T23"]),
        finding("F-000006", .volumeSpike, brokers: ["X3", "M31"], transfers: ["T40"]),
        finding("F-000007", .settlementImbalance, brokers: ["EXH", "A1"], transfers: ["T50"]),
        finding("F-000008", .settlementImbalance, brokers: ["EXH", "S21"], transfers: ["T51"]),
        finding("F-000009", .settlementImbalance, brokers: ["EXH", "M32"], transfers: ["T52"]),
        finding("F-000010", .fanOut, brokers: ["EXH", "A1", "S22", "Y3"], transfers: ["T53", "T54", "T55"]),
    ]

    @Test func schemesStayApartThroughAnExchangeHouseHub() {
        let grouping = NetworkGrouping.group(Self.findings)
        // Without its own links, EXH's findings fall into 3 groups: the three schemes (its
        // fan-out joins A1's through the A1 imbalance). A1 and S21 sit in 2 groups: not hubs.
        #expect(grouping.hubs == [NetworkHub(broker: "EXH", findings: 4, groups: 3)])
        let sets = Set(grouping.networks.map { Set($0.findings.map(\.id)) })
        #expect(
            sets == [
                ["F-000001", "F-000002", "F-000007", "F-000010"], ["F-000003", "F-000004", "F-000008"],
                ["F-000005", "F-000006", "F-000009"],
            ])
        #expect(grouping.networks.map(\.number) == [1, 2, 3])
        let first = grouping.networks.first { $0.findings.contains { $0.id == "F-000001" } }
        #expect(first?.hubs == ["EXH"])
        #expect(first?.brokers == ["A1", "B1", "C1", "EXH", "S22", "Y3"])
    }

    @Test func withoutHubHandlingTheExchangeHouseWouldGlueThemTogether() {
        var rules = NetworkRules()
        rules.hubMinFindings = 100  // no candidates: EXH links like any broker
        rules.minSharedBrokers = 1
        #expect(NetworkGrouping.group(Self.findings, rules: rules).networks.count == 1)
    }

    @Test func scoreFollowsTheDocumentedFormula() {
        let grouping = NetworkGrouping.group([Self.findings[0], Self.findings[1]])
        // 0.30·2/10 + 0.20·2/4 + 0.25·log10(5001)/7 + 0.15·3/10 + 0.10·0.5
        let expected = 0.30 * 0.2 + 0.20 * 0.5 + 0.25 * log10(5001) / 7 + 0.15 * 0.3 + 0.10 * 0.5
        #expect(grouping.networks.count == 1)
        #expect(abs(grouping.networks[0].score - (expected * 1000).rounded() / 1000) < 1e-9)
    }

    /// A simulated network with planted instances of every typology and an exchange house that
    /// has a one-sided position against one broker of each instance: every instance's findings
    /// end up in one network, no network holds two instances that share no broker, and the
    /// exchange house is named as a hub.
    @Test func simulatedInstancesAreGroupedAndNotMergedThroughTheExchangeHouse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-networks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = SimulationOptions()
        options.seed = 11
        options.brokers = 600
        options.transfers = 6000
        options.days = 20
        options.currencies = [.usd]
        options.plant = [
            .cycle: 2, .fanIn: 2, .fanOut: 1, .scatterGather: 1, .gatherScatter: 1, .structuring: 1,
            .rapidPassThrough: 2, .volumeSpike: 0, .settlementImbalance: 0,
        ]
        try Simulator.run(options, to: folder)
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("truth.json"))) as! [String: Any]
        let instances = (truth["instances"] as! [[String: Any]]).map {
            (id: $0["id"] as! String, brokers: Set($0["brokers"] as! [String]), transfers: Set($0["transfer_ids"] as! [String]))
        }
        var builder = TransferGraph.Builder(currency: .usd)
        let text = try String(contentsOf: folder.appendingPathComponent("transfers.csv"), encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let amount = Money(decimal: Decimal(string: f[6])!, currency: .usd)!
            try builder.append(
                Transfer(
                    id: f[0], timestamp: ISO8601DateFormatter().date(from: f[1])!, senderBroker: f[2], receiverBroker: f[3],
                    amount: amount, reportingAmount: amount))
        }
        // The exchange house: 8 × 30,000 USD to the first broker of each instance, a day apart (a
        // one-sided position: settlement_imbalance wants at least 6 transfers and 60,000 USD net),
        // each instance's series 4 days after the previous one's start, so that the house's
        // payments are no fan-out (at most 6 brokers within 72 h) whose finding would join all
        // its positions into one group. (The simulator's exchange house is a look-alike and no
        // longer flagged as settlement_imbalance: its book is in balance.)
        let start = 1_767_225_600.0 + 20 * 86_400
        for k in 0..<8 {
            for (i, instance) in instances.enumerated() {
                let broker = instance.brokers.sorted()[0]
                let amount = Money(minorUnits: 3_000_000, currency: .usd)
                try builder.append(
                    Transfer(
                        id: "EXH-\(i)-\(k)", timestamp: Date(timeIntervalSince1970: start + Double((4 * i + k) * 86_400 + i * 600)),
                        senderBroker: "EXH", receiverBroker: broker, amount: amount, reportingAmount: amount))
            }
        }
        let result = try AnalysisEngine.run(graph: builder.build(), rules: AnalysisRules(), threads: 2)
        let grouping = NetworkGrouping.group(result.findings)
        // The exchange houses: ours (EXH) and the simulator's exchange-hub look-alike (the first
        // broker of its `exchange_hub` decoys, docs/simulation.md); the busy one is a hub.
        let houses = Set(["EXH"] + (truth["decoys"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "exchange_hub" }
            .compactMap { ($0["brokers"] as? [String])?.first })
        #expect(houses.count >= 2)
        #expect(grouping.hubs.contains { houses.contains($0.broker) }, "hubs: \(grouping.hubs)")
        var networkOf: [String: Int] = [:]
        for network in grouping.networks { for f in network.findings { networkOf[f.id] = network.number } }
        var instancesOf: [Int: Set<Int>] = [:]
        for (index, instance) in instances.enumerated() {
            // Recall is the evaluation's business (docs/evaluation.md); here: the findings an
            // instance has are grouped together.
            let found = result.findings.filter { !instance.transfers.isDisjoint(with: $0.transferIDs) }
            if found.isEmpty { continue }
            let networks = Set(found.compactMap { networkOf[$0.id] })
            #expect(networks.count == 1, "\(instance.id) split over networks \(networks.sorted())")
            for n in networks { instancesOf[n, default: []].insert(index) }
        }
        for (n, members) in instancesOf where members.count > 1 {
            // Two instances in one network must share a broker of their own (not through EXH).
            for a in members {
                #expect(
                    members.contains { $0 != a && !instances[$0].brokers.isDisjoint(with: instances[a].brokers) },
                    "network \(n) merges unrelated instances \(members.map { instances[$0].id }.sorted())")
            }
        }
    }
}

@Suite struct NetworkRulesTests {
    @Test func aRulesFileOverridesSomeDefaultsAndRefusesUnknownKeys() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.json")
        try #"{"hub_min_findings": 5, "weight_review": 0.2}"#.write(to: good, atomically: true, encoding: .utf8)
        let rules = try NetworkRules.load(path: good.path)
        #expect(rules.hubMinFindings == 5)
        #expect(rules.weightReview == 0.2)
        #expect(rules.hubMinGroups == 3)
        #expect(rules.minSharedBrokers == 2)
        let typo = directory.appendingPathComponent("typo.json")
        try #"{"hub_min_finding": 5}"#.write(to: typo, atomically: true, encoding: .utf8)
        #expect(throws: InvestigationError.self) { try NetworkRules.load(path: typo.path) }
        #expect(throws: InvestigationError.self) { try NetworkRules.load(path: directory.appendingPathComponent("none.json").path) }
    }
}
