import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct CycleDetectorTests {
    /// Cycle rules of this suite's scenarios: 24 h window, k = 6, band 80–105 %, minimum 1,000
    /// (the defaults before issue 9; the issue 9 defaults are tested in BaselineRulesTests).
    func rules(_ adjust: (inout CycleRules) -> Void = { _ in }) -> AnalysisRules {
        only(.cycle) { rules in
            rules.cycle.windowHours = 24
            rules.cycle.bandMinRatio = 0.80
            rules.cycle.bandMaxRatio = 1.05
            rules.cycle.minAmount = 1_000
            adjust(&rules.cycle)
        }
    }

    /// One transfer out, three transfers back in the band: one finding (the closing nearest
    /// the first amount) with the other two counted; `one_per_path: false` lists all three.
    @Test func onePerPathKeepsTheClosingNearestTheFirstAmount() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 10_000)
        f.add("B", "A", hour: 1, 8_500)
        f.add("B", "A", hour: 2, 9_900)
        f.add("B", "A", hour: 3, 10_400)
        f.add("A", "C", hour: 4, 9_000)  // another path from another first transfer
        f.add("C", "A", hour: 5, 9_000)
        let found = try findings(f.build(), rules())
        try #require(found.count == 2)
        #expect(found[0].transferIDs == ["E1", "E3"])
        #expect(found[0].explanation.hasSuffix("; 2 other cycles from the same first transfer over the same brokers not listed"))
        #expect(found[1].transferIDs == ["E5", "E6"])
        #expect(!found[1].explanation.contains("other"))
        let all = try findings(f.build(), rules { $0.onePerPath = false })
        #expect(all.map(\.transferIDs) == [["E1", "E2"], ["E1", "E3"], ["E1", "E4"], ["E5", "E6"]])
    }

    @Test func findsAThreeHopCycleWithItsSentence() throws {
        var f = GraphFixture()
        f.add("BRK-17", "BRK-4", hour: 0, 16_200)
        f.add("BRK-4", "BRK-9", hour: 10, 16_000)
        f.add("BRK-9", "BRK-17", hour: 31, 16_000)
        f.add("BRK-9", "BRK-5", hour: 12, 16_000)  // leads nowhere
        let found = try findings(f.build(), rules { $0.windowHours = 48 })
        try #require(found.count == 1)
        let c = found[0]
        #expect(c.id == "F-000001")
        #expect(c.typology == .cycle)
        #expect(c.brokers == ["BRK-17", "BRK-4", "BRK-9"])
        #expect(c.transferIDs == ["E1", "E2", "E3"])
        #expect(c.amount == 48_200)
        #expect(c.explanation == "BRK-17 → BRK-4 → BRK-9 → BRK-17: 3 transfers, 48,200 USD, 31 h, each hop 99–100% of the previous")
        // rule = 0.5 + 0.25 · (16,000 / 16,200) + 0.25 · (1 − 31/48); ranked score (docs/detectors.md,
        // "Score"): 0.4 · 2 · (rule − 0.5) + 0.4 · rarity (1: three new pairs) + 0.2 · amount part
        let rule = 0.5 + 0.25 * 16_000 / 16_200 + 0.25 * (1 - 31.0 / 48)
        let amountPart = log(16_200.0 / 5_000) / log(1_000_000.0 / 5_000)
        #expect(abs(c.score - (0.4 * 2 * (rule - 0.5) + 0.4 + 0.2 * amountPart)) < 1e-6)
    }

    @Test func equalTimestampsAreNotACycle() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 1)
        f.add("B", "C", hour: 2)
        f.add("C", "A", hour: 2)  // same time as the previous hop: not strictly increasing
        #expect(try findings(f.build(), rules()).isEmpty)
    }

    @Test func aHopJustOutsideTheBandBreaksTheCycle() throws {
        func graph(_ second: Double) -> TransferGraph {
            var f = GraphFixture()
            f.add("A", "B", hour: 1, 10_000)
            f.add("B", "A", hour: 2, second)
            return f.build()
        }
        #expect(try findings(graph(8_000), rules()).count == 1)  // 80 %: inside
        #expect(try findings(graph(7_999), rules()).isEmpty)  // just below 80 %
        #expect(try findings(graph(10_500), rules()).count == 1)  // 105 %: inside
        #expect(try findings(graph(10_501), rules()).isEmpty)  // just above
        #expect(try findings(graph(7_999), rules { $0.amountBand = false }).count == 1)  // band off
        #expect(try findings(graph(900), rules { $0.amountBand = false }).isEmpty)  // under min_amount
    }

    @Test func windowBoundaryIsInclusive() throws {
        func graph(lastHour: Double) -> TransferGraph {
            var f = GraphFixture()
            f.add("A", "B", hour: 0)
            f.add("B", "C", hour: 5)
            f.add("C", "A", hour: lastHour)
            return f.build()
        }
        #expect(try findings(graph(lastHour: 24), rules()).count == 1)
        #expect(try findings(graph(lastHour: 24 + 1.0 / 3600), rules()).isEmpty)
    }

    @Test func maxHopGap() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 0)
        f.add("B", "A", hour: 10)
        let g = f.build()
        #expect(try findings(g, rules { $0.maxHopGapHours = 10 }).count == 1)
        #expect(try findings(g, rules { $0.maxHopGapHours = 9 }).isEmpty)
    }

    @Test func aRepeatedBrokerMakesThePathNonSimple() throws {
        // A → B → C → B → A revisits B: not a simple cycle. Its part B → C → B is one.
        var f = GraphFixture()
        f.add("A", "B", hour: 1)
        f.add("B", "C", hour: 2)
        f.add("C", "B", hour: 3)
        f.add("B", "A", hour: 4)
        let found = try findings(f.build(), rules())
        // Cycles: B→C→B (E2, E3); A→B→A (E1, E4). Not A→B→C→B→A.
        #expect(Set(found.map(\.transferIDs)) == [["E2", "E3"], ["E1", "E4"]])
        #expect(found.allSatisfy { $0.transferIDs.count == 2 })
    }

    @Test func lengthBound() throws {
        var f = GraphFixture()
        let names = ["A", "B", "C", "D", "E"]
        for i in 0..<5 { f.add(names[i], names[(i + 1) % 5], hour: Double(i + 1)) }
        let g = f.build()
        #expect(try findings(g, rules { $0.maxLength = 5 }).count == 1)
        #expect(try findings(g, rules { $0.maxLength = 4 }).isEmpty)
    }

    @Test func capsAreNotedNotSilent() throws {
        // A → B at 1 h, then three parallel B → A: three cycles from one start.
        var f = GraphFixture()
        f.add("A", "B", hour: 1)
        for h in 2...4 { f.add("B", "A", hour: Double(h)) }
        let result = try AnalysisEngine.run(
            graph: f.build(), rules: rules { $0.maxPerStart = 2; $0.onePerPath = false }, threads: 1)
        #expect(result.findings.count == 2)
        #expect(result.notes.contains { $0.contains("max_per_start") })
        let total = try AnalysisEngine.run(
            graph: f.build(), rules: rules { $0.maxTotal = 1; $0.onePerPath = false }, threads: 1)
        #expect(total.findings.count == 1)
        #expect(total.notes.contains { $0.contains("max_total") })
        // A capped result is the same for any thread count.
        let g = randomGraph(brokers: 200, transfers: 2_000, hours: 24 * 6, seed: 11)
        let capped = rules { $0.amountBand = false; $0.minAmount = 0; $0.maxTotal = 7 }
        let one = try findings(g, capped, threads: 1)
        #expect(one.count == 7)
        #expect(try findings(g, capped, threads: 3) == one)
    }

    @Test func sameCyclesInSameOrderForAnyThreadCount() throws {
        let g = randomGraph(brokers: 200, transfers: 2_000, hours: 24 * 6, seed: 11)
        let r = rules { $0.amountBand = false; $0.minAmount = 0 }
        let one = try findings(g, r, threads: 1)
        #expect(one.count > 10)
        print("determinism graph: \(one.count) cycles")
        for threads in [2, 3, 8] { #expect(try findings(g, r, threads: threads) == one) }
        // Each cycle once, and every reported cycle obeys the rule.
        #expect(Set(one.map(\.transferIDs)).count == one.count)
        for c in one {
            #expect(c.lastAt.timeIntervalSince(c.firstAt) <= 24 * 3600)
            #expect(Set(c.brokers).count == c.brokers.count)
        }
    }
}
