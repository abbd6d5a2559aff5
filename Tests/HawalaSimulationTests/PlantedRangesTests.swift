import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

/// The planted instances and look-alikes draw from the ranges docs/simulation.md gives (the
/// issue 9 ranges), and truth.json records what was drawn. The expected values are the
/// documented ones, written out here, not the generator's constants.
@Suite struct PlantedRangesTests {
    /// One simulated set shared by the checks: 60 days, so the long patterns fit unsqueezed.
    static let set: (folder: URL, truth: GroundTruth, rows: [String: CSVRow], usd: [String: Double]) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-ranges-\(UUID().uuidString)")
        var options = SimulationOptions()
        options.seed = 11
        options.brokers = 60
        options.transfers = 9_000
        options.days = 60
        for typology in Typology.allCases { options.plant[typology] = 6 }
        try! Simulator.run(options, to: folder)
        let truth = try! GroundTruth.read(from: folder.appendingPathComponent("truth.json"))
        let (_, list) = try! readTransfers(folder)
        let rates = try! readRates(folder)
        let rows = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let usd = rows.mapValues { (Double($0.amount) ?? 0) * (rates[$0.currency] ?? 1) }
        return (folder, truth, rows, usd)
    }()

    static func time(_ id: String) -> Double {
        UTCTime.parseISO8601(set.rows[id]!.timestamp)!.timeIntervalSince1970
    }

    static func hours(_ a: String, _ b: String) -> Double { (time(b) - time(a)) / 3600 }

    /// Amounts are booked in local currencies: a ratio read back from the CSV is exact to
    /// about a minor unit, and half a percent covers the coarsest currency.
    static let slack = 0.005

    @Test func cyclesCoverTheDocumentedRanges() throws {
        let cycles = Self.set.truth.instances.filter { $0.typology == .cycle }
        #expect(cycles.count == 6)
        for c in cycles {
            let ids = c.transferIDs
            let hops = try #require(c.parameters["hops"])
            #expect((2...6).contains(Int(hops)) && Int(hops) == ids.count, "\(c.id)")
            #expect(Set(c.brokers).count == ids.count)
            for (a, b) in zip(ids, ids.dropFirst()) {
                let gap = Self.hours(a, b)
                #expect(gap >= 1.0 / 60 - 1e-9 && gap <= 72 + 1e-6, "\(c.id) gap \(gap) h")
                let ratio = Self.set.usd[b]! / Self.set.usd[a]!
                #expect(ratio >= 0.90 - Self.slack && ratio <= 1.0 + Self.slack, "\(c.id) ratio \(ratio)")
            }
            let span = Self.hours(ids.first!, ids.last!)
            #expect(span <= 21 * 24 + 1e-6)
            #expect(abs(span - (c.parameters["span_hours"] ?? -1)) < 0.01, "\(c.id) span recorded")
            #expect(ids.allSatisfy { Self.set.usd[$0]! >= 5_000 * (1 - Self.slack) }, "\(c.id) below 5,000 USD")
        }
    }

    @Test func passThroughChainsCoverTheDocumentedRanges() throws {
        for p in Self.set.truth.instances where p.typology == .rapidPassThrough {
            let relays = try #require(p.parameters["relays"])
            #expect((2...4).contains(Int(relays)) && p.transferIDs.count == Int(relays) + 1, "\(p.id)")
            var longest = 0.0
            for (a, b) in zip(p.transferIDs, p.transferIDs.dropFirst()) {
                let delay = Self.hours(a, b)
                longest = max(longest, delay)
                #expect(delay > 0 && delay <= 12 + 1e-6, "\(p.id) delay \(delay) h")
                #expect(Self.set.rows[a]!.receiver == Self.set.rows[b]!.sender)
                let carried = Self.set.usd[b]! / Self.set.usd[a]!
                #expect(carried >= 0.97 - Self.slack && carried <= 1 + Self.slack, "\(p.id) carried \(carried)")
            }
            #expect(abs(longest - (p.parameters["max_delay_hours"] ?? -1)) < 0.01, "\(p.id) delay recorded")
        }
    }

    @Test func scatterAndGatherCoverTheDocumentedRanges() throws {
        for s in Self.set.truth.instances where s.typology == .scatterGather {
            let middle = s.brokers.dropFirst().dropLast()
            #expect((4...10).contains(middle.count) && Int(s.parameters["intermediaries"] ?? 0) == middle.count)
            #expect(Self.hours(s.transferIDs.first!, s.transferIDs.last!) <= 5 * 24 + 1e-6)
            for m in middle {
                let legs = s.transferIDs.compactMap { Self.set.rows[$0] }
                let inUSD = legs.filter { $0.receiver == m }.map { Self.set.usd[$0.id]! }.reduce(0, +)
                let outUSD = legs.filter { $0.sender == m }.map { Self.set.usd[$0.id]! }.reduce(0, +)
                #expect(outUSD / inUSD >= 0.95 - Self.slack && outUSD / inUSD <= 1 + Self.slack, "\(s.id) via \(m)")
            }
        }
        for g in Self.set.truth.instances where g.typology == .gatherScatter {
            let sources = Int(g.parameters["sources"] ?? 0), destinations = Int(g.parameters["destinations"] ?? 0)
            #expect((4...10).contains(sources) && (4...10).contains(destinations), "\(g.id)")
            let hub = g.brokers[sources]
            let legs = g.transferIDs.compactMap { Self.set.rows[$0] }
            let inUSD = legs.filter { $0.receiver == hub }.map { Self.set.usd[$0.id]! }.reduce(0, +)
            let outUSD = legs.filter { $0.sender == hub }.map { Self.set.usd[$0.id]! }.reduce(0, +)
            #expect(outUSD / inUSD >= 0.95 - Self.slack && outUSD / inUSD <= 1 + Self.slack, "\(g.id)")
            #expect(Self.hours(g.transferIDs.first!, g.transferIDs.last!) <= 5 * 24 + 1e-6)
        }
    }

    @Test func fansStructuringImbalancesAndSpikesCoverTheDocumentedRanges() throws {
        for f in Self.set.truth.instances where f.typology == .fanIn || f.typology == .fanOut {
            #expect((8...20).contains(f.transferIDs.count) && f.brokers.count == f.transferIDs.count + 1, "\(f.id)")
            #expect(Self.hours(f.transferIDs.first!, f.transferIDs.last!) <= 72 + 1e-6)
            #expect(f.transferIDs.allSatisfy { (8_000 * (1 - Self.slack)...30_000 * (1 + Self.slack)).contains(Self.set.usd[$0]!) })
        }
        for s in Self.set.truth.instances where s.typology == .structuring {
            #expect((5...14).contains(s.transferIDs.count), "\(s.id)")
            #expect(s.transferIDs.allSatisfy { (9_000 * (1 - Self.slack)...9_990 * (1 + Self.slack)).contains(Self.set.usd[$0]!) })
            for (a, b) in zip(s.transferIDs, s.transferIDs.dropFirst()) {
                let gap = Self.hours(a, b)
                #expect(gap >= 6 - 2.0 / 3600 && gap <= 72 + 1e-6, "\(s.id) gap \(gap) h")
            }
            #expect((1...3).contains(Int(s.parameters["anchor_brokers"] ?? 0)))
        }
        for i in Self.set.truth.instances where i.typology == .settlementImbalance {
            #expect((8...20).contains(i.transferIDs.count), "\(i.id)")
            #expect(i.transferIDs.allSatisfy { (10_000 * (1 - Self.slack)...60_000 * (1 + Self.slack)).contains(Self.set.usd[$0]!) })
            let days = Self.hours(i.transferIDs.first!, i.transferIDs.last!) / 24
            #expect(days <= 42 + 1e-6 && days >= 21 - 0.01, "\(i.id) over \(days) days")
            let back = Self.set.rows.values.filter { $0.sender == i.brokers[1] && $0.receiver == i.brokers[0] }
            #expect(back.isEmpty, "\(i.id): something flows back")
        }
        for v in Self.set.truth.instances where v.typology == .volumeSpike {
            let days = Set(v.transferIDs.map { Self.set.rows[$0]!.timestamp.prefix(10) })
            #expect(days.count == 1, "\(v.id) spreads over \(days)")
            #expect((v.parameters["day"] ?? 0) >= 14 && (v.parameters["multiple"] ?? 0) >= 10, "\(v.id)")
        }
    }

    @Test func plantedBrokersDoOrdinaryBusinessAndCurrenciesVary() {
        var special = Set<String>()
        for i in Self.set.truth.instances { special.formUnion(i.transferIDs) }
        for d in Self.set.truth.decoys { special.formUnion(d.transferIDs) }
        var ordinary = Set<String>()
        for row in Self.set.rows.values where !special.contains(row.id) { ordinary.insert(row.sender); ordinary.insert(row.receiver) }
        for i in Self.set.truth.instances {
            #expect(i.brokers.allSatisfy(ordinary.contains), "\(i.id): a broker with no ordinary business")
        }
        let planted = Self.set.truth.instances.flatMap(\.transferIDs)
        #expect(Set(planted.map { Self.set.rows[$0]!.currency }).count >= 5)
    }

    @Test func lookAlikesArePresentAndWellFormed() throws {
        let truth = Self.set.truth
        let planted = Set(truth.instances.flatMap(\.transferIDs))
        let imitated: [DecoyKind: Set<Typology>] = [
            .exchangeHub: [.fanIn, .fanOut, .gatherScatter, .cycle], .largePayments: [.volumeSpike], .leakyRing: [.cycle],
            .overThresholdSeries: [.structuring], .regularDistribution: [.fanOut], .balancedPair: [.cycle],
            .quietPairPayment: [.volumeSpike],
        ]
        for kind in DecoyKind.allCases {
            #expect(truth.decoys.contains { $0.kind == kind }, "no \(kind.rawValue)")
        }
        #expect(truth.decoys.filter { $0.kind == .leakyRing }.count == 10)
        #expect(truth.decoys.filter { $0.kind == .balancedPair }.count == 10)
        #expect(Set(truth.decoys.map(\.id)).count == truth.decoys.count)
        for d in truth.decoys {
            #expect(imitated[d.kind]?.contains(d.imitates) == true, "\(d.id)")
            #expect(!d.transferIDs.isEmpty && d.transferIDs.allSatisfy { Self.set.rows[$0] != nil }, "\(d.id)")
            #expect(d.transferIDs.allSatisfy { !planted.contains($0) }, "\(d.id) holds a planted transfer")
            let amounts = d.transferIDs.map { Self.set.usd[$0]! }
            switch d.kind {
            case .leakyRing:
                let ratios = zip(amounts, amounts.dropFirst()).map { $1 / $0 }
                #expect(ratios.filter { $0 >= 0.30 - Self.slack && $0 <= 0.60 + Self.slack }.count == 1, "\(d.id) \(ratios)")
            case .overThresholdSeries:
                #expect(amounts.allSatisfy { $0 >= 10_000 * (1 - Self.slack) && $0 <= 11_000 * (1 + Self.slack) })
                #expect((5...14).contains(amounts.count))
            case .regularDistribution:
                let rows = d.transferIDs.map { Self.set.rows[$0]! }
                #expect(Set(rows.map(\.sender)) == [d.brokers[0]])
                let weeks = Dictionary(grouping: rows) { Int((Self.time($0.id) - Self.time(rows[0].id) + 43_200) / (7 * 86_400)) }
                #expect(weeks.count >= 8, "\(d.id) over \(weeks.count) weeks")
                #expect(weeks.values.allSatisfy { Set($0.map(\.receiver)) == Set(d.brokers.dropFirst()) })
                #expect((10...14).contains(d.brokers.count - 1))
            case .balancedPair:
                let rows = d.transferIDs.map { Self.set.rows[$0]! }
                let forward = rows.filter { $0.sender == d.brokers[0] }.map { Self.set.usd[$0.id]! }.reduce(0, +)
                let backward = rows.filter { $0.sender == d.brokers[1] }.map { Self.set.usd[$0.id]! }.reduce(0, +)
                #expect(abs(forward - backward) / (forward + backward) < 0.05, "\(d.id) \(forward) vs \(backward)")
            case .quietPairPayment:
                #expect(amounts.filter { $0 >= 50_000 * (1 - Self.slack) }.count == 1 && amounts.count >= 8)
            case .largePayments:
                #expect(amounts.allSatisfy { $0 >= 10_000 * 0.94 && $0 <= 400_000 * 1.06 }, "\(d.id) \(amounts)")
            case .exchangeHub:
                #expect(d.brokers.count - 1 >= (d.imitates == .cycle ? 1 : 40))
                let days = Set(d.transferIDs.map { Self.set.rows[$0]!.timestamp.prefix(10) })
                #expect(days.count == 60, "\(d.id) not every day")
            }
        }
    }

    @Test func lookAlikesTurnOffAndScale() throws {
        var options = smallOptions(plant: 1)
        options.decoyScale = 0
        let off = try temporaryFolder()
        let summary = try Simulator.run(options, to: off)
        #expect(summary.decoys.isEmpty && summary.decoyTransfers == 0)
        #expect(try GroundTruth.read(from: off.appendingPathComponent("truth.json")).decoys.isEmpty)
        options.decoyScale = 2
        let twice = try Simulator.run(options, to: try temporaryFolder())
        #expect(twice.decoys["leaky_ring"] == 20 && twice.decoys["regular_distribution"] == 10)
        #expect(twice.decoys["exchange_hub"] == 4)  // one hub: four decoys
    }
}
