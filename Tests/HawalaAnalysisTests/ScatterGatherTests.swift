import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct ScatterGatherTests {
    func rules() -> AnalysisRules {
        only(.scatterGather) {
            $0.scatterGather.windowHours = 24
            $0.scatterGather.minIntermediaries = 3
            $0.scatterGather.minTotal = 0
        }
    }

    func graph(lastHour: Double) -> TransferGraph {
        var f = GraphFixture()
        f.add("A", "B1", hour: 0, 1_000)
        f.add("A", "B2", hour: 1, 1_000)
        f.add("A", "B3", hour: 2, 1_000)
        f.add("B1", "C", hour: 3, 900)
        f.add("B2", "C", hour: 4, 900)
        f.add("B3", "C", hour: lastHour, 900)
        f.add("B1", "A", hour: 5, 900)  // back to A: not a gather
        return f.build()
    }

    @Test func scatterThenGatherWithinTheWindow() throws {
        let found = try findings(graph(lastHour: 24), rules())
        try #require(found.count == 1)
        #expect(found[0].brokers == ["A", "B1", "B2", "B3", "C"])
        #expect(found[0].transferIDs == ["E1", "E2", "E3", "E4", "E5", "E6"])
        #expect(found[0].explanation.hasPrefix("A → 3 intermediaries (B1, B2, B3) → C within 24 h: 6 transfers, 3,000 USD scattered, 2,700 USD gathered"))
    }

    @Test func oneHopOutsideTheWindow() throws {
        #expect(try findings(graph(lastHour: 24.5), rules()).isEmpty)
    }

    /// Per-leg matching: a background payment of an intermediary to C inside the window
    /// (not carrying a receipt's value) neither breaks the instance nor joins it.
    @Test func backgroundPassOnIsLeftOut() throws {
        var f = GraphFixture()
        f.add("A", "B1", hour: 0, 1_000)
        f.add("A", "B2", hour: 1, 2_000)
        f.add("A", "B3", hour: 2, 3_000)
        f.add("B1", "C", hour: 3, 4_500)  // B1's ordinary payment to C: 4.5 × its receipt
        f.add("B1", "C", hour: 4, 950)
        f.add("B2", "C", hour: 5, 1_990)
        f.add("B3", "C", hour: 6, 3_060)  // 1.02 × the receipt: the band's upper edge
        let found = try findings(f.build(), rules())
        try #require(found.count == 1)
        #expect(found[0].transferIDs == ["E1", "E2", "E3", "E5", "E6", "E7"])
        #expect(found[0].explanation.hasPrefix("A → 3 intermediaries (B1, B2, B3) → C within 6 h: 6 transfers, 6,000 USD scattered, 6,000 USD gathered"))
    }

    /// The exchange-house look-alike: A pays brokers that pay C every day, but no pass-on
    /// carries a receipt's value over (each below 0.9 or above 1.02 of it): nothing to report.
    /// Without per-leg matching and with a wide total band the same transfers are a finding.
    @Test func passOnsThatDoNotCarryAReceiptAreNotAGather() throws {
        var f = GraphFixture()
        f.add("A", "B1", hour: 0, 1_000)
        f.add("A", "B2", hour: 1, 2_000)
        f.add("A", "B3", hour: 2, 3_000)
        f.add("B1", "C", hour: 3, 1_021)  // just over 1.02 ×
        f.add("B2", "C", hour: 4, 1_790)  // just under 0.9 ×
        f.add("B3", "C", hour: 5, 3_200)
        let g = f.build()
        #expect(try findings(g, rules()).isEmpty)
        var r = rules()
        r.scatterGather.minPassOnRatio = 0
        r.scatterGather.maxPassOnRatio = 0
        r.scatterGather.minGatheredRatio = 0.5
        r.scatterGather.maxGatheredRatio = 2
        #expect(try findings(g, r).count == 1)
    }

    /// A pass-on is matched to a receipt before it only; each pass-on to one receipt.
    @Test func passOnBeforeItsReceiptIsNotMatched() throws {
        var f = GraphFixture()
        f.add("B1", "C", hour: 0, 1_000)  // before B1 received anything
        f.add("A", "B1", hour: 1, 1_000)
        f.add("A", "B2", hour: 2, 1_000)
        f.add("A", "B3", hour: 3, 1_000)
        f.add("B2", "C", hour: 4, 1_000)
        f.add("B3", "C", hour: 5, 1_000)
        #expect(try findings(f.build(), rules()).isEmpty)
    }

    @Test func hubCapIsNoted() throws {
        var r = rules()
        r.scatterGather.maxPathsPerSource = 2
        let result = try AnalysisEngine.run(graph: graph(lastHour: 5), rules: r, threads: 1)
        #expect(result.findings.isEmpty)
        #expect(result.notes.contains { $0.contains("max_paths_per_source") && $0.contains("broker A") })
    }
}

@Suite struct GatherScatterTests {
    func rules(minTotal: Double = 1_000, _ adjust: (inout AnalysisRules) -> Void = { _ in }) -> AnalysisRules {
        only(.gatherScatter) {
            $0.gatherScatter.windowHours = 24
            $0.gatherScatter.minSenders = 2
            $0.gatherScatter.minReceivers = 2
            $0.gatherScatter.minTotal = minTotal
            adjust(&$0)
        }
    }

    func graph() -> TransferGraph {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 600)
        f.add("S2", "H", hour: 1, 600)
        f.add("H", "R1", hour: 2, 550)
        f.add("H", "R2", hour: 24, 550)
        return f.build()
    }

    @Test func manyInManyOut() throws {
        let found = try findings(graph(), rules())
        try #require(found.count == 1)
        #expect(found[0].brokers == ["H", "S1", "S2", "R1", "R2"])
        #expect(found[0].amount == 2_300)
        #expect(found[0].explanation == "2 brokers → H → 2 brokers within 24 h: 1,200 USD in, 1,100 USD out, 4 transfers")
    }

    @Test func totalsBelowTheMinimum() throws {
        #expect(try findings(graph(), rules(minTotal: 1_101)).isEmpty)
    }

    /// The exchange-house look-alike: H is paid by 20 routine brokers every week; in week 4
    /// two new brokers pay it and it pays two new ones. 4 counted of 24 counterparties (0.17)
    /// is under `min_new_share` (0.25): the tail of its crowd, not a clearing hub.
    @Test func aFewNewBrokersAtAnExchangeHouseAreNoGatherScatter() throws {
        var f = GraphFixture()
        for w in 0..<5 {
            for i in 1...20 { f.add("R\(i)", "H", hour: Double(w) * 168 + 6 + Double(i) / 10, 2_000) }
        }
        f.add("S1", "H", hour: 4 * 168 + 5, 600)
        f.add("S2", "H", hour: 4 * 168 + 6, 600)
        f.add("H", "R1x", hour: 4 * 168 + 8, 550)
        f.add("H", "R2x", hour: 4 * 168 + 9, 550)
        #expect(try findings(f.build(), rules()).isEmpty)
        #expect(try findings(f.build(), rules { $0.gatherScatter.minNewShare = 0 }).count == 1)
    }

    /// A correspondent both paying H and paid by H in the window counts on neither side
    /// (`exclude_two_way`, default); with it off it counts on both.
    @Test func twoWayCorrespondentsAreNotCounted() throws {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 600)
        f.add("S2", "H", hour: 1, 600)
        f.add("H", "R1", hour: 2, 550)
        f.add("H", "S2", hour: 3, 550)  // S2 both ways: H has one one-way receiver only
        let g = f.build()
        #expect(try findings(g, rules()).isEmpty)
        let plain = try findings(g, rules { $0.gatherScatter.excludeTwoWay = false })
        try #require(plain.count == 1)
        #expect(plain[0].brokers == ["H", "S1", "S2", "R1", "S2"])
        // Another one-way sender and receiver: a finding that lists S2 last and says so.
        f.add("S3", "H", hour: 4, 600)
        f.add("H", "R2", hour: 5, 550)
        let found = try findings(f.build(), rules())
        try #require(found.count == 1)
        #expect(found[0].brokers == ["H", "S1", "S3", "R1", "R2", "S2"])
        #expect(found[0].explanation.hasPrefix("2 brokers → H → 2 brokers within 5 h: 1,800 USD in, 1,650 USD out, 6 transfers"))
        #expect(found[0].explanation.contains("(1 broker paying and paid both ways not counted)"))
    }
}
