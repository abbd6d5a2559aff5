import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

/// The own-history rules (docs/detectors.md, "Baseline") and the legitimate look-alikes of
/// issue 9: each look-alike kind beside the typology it imitates, on small hand-built graphs.
@Suite struct BaselineRulesTests {
    static let week = 168.0

    // MARK: cycle

    /// A pair exchanging both ways in `weeks` weeks: A → B, then B → A 20 h later at 98 %.
    func twoWayPair(weeks: Int) -> GraphFixture {
        var f = GraphFixture()
        for w in 0..<weeks {
            f.add("A", "B", hour: Double(w) * Self.week + 10, 10_000)
            f.add("B", "A", hour: Double(w) * Self.week + 30, 9_800)
        }
        return f
    }

    @Test func roundTripsOfAPairSettlingBothWaysEveryWeekAreNotCycles() throws {
        let result = try AnalysisEngine.run(graph: twoWayPair(weeks: 3).build(), rules: only(.cycle), threads: 1)
        #expect(result.findings.isEmpty)
        #expect(result.notes.contains {
            $0.hasPrefix("cycle: 3 two-broker round trips of pairs that settle both ways week after week not reported")
        })
        // The rule can be switched off: then each week's round trip is a cycle.
        // (Both hops are then routine too: max_routine_hops is raised to let them through.)
        let all = try findings(twoWayPair(weeks: 3).build(), only(.cycle) {
            $0.cycle.skipTwoWayPairs = false
            $0.cycle.maxRoutineHops = 2
        })
        #expect(all.count == 3)
        // Two weeks both ways is under routine_weeks = 3: still reported.
        #expect(try findings(twoWayPair(weeks: 2).build(), only(.cycle)).count == 2)
    }

    /// A pair exchanging every 8 days, who starts alternating: the answers fall in other
    /// calendar weeks, so no week holds both directions, yet the pair made exchanges (one way,
    /// answered the other way within 72 h) in 3 weeks: ordinary business, not cycles. Two
    /// exchanges (2 weeks) are still reported.
    @Test func roundTripsOfAPairExchangingInAlternateWeeksAreNotCycles() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 5.5 * 24, 10_000)  // week 0
        f.add("B", "A", hour: 7.5 * 24, 9_800)  // week 1
        f.add("B", "A", hour: 13.5 * 24, 10_000)  // week 1
        f.add("A", "B", hour: 14.5 * 24, 9_800)  // week 2
        f.add("A", "B", hour: 20.5 * 24, 10_000)  // week 2
        f.add("B", "A", hour: 21.5 * 24, 9_800)  // week 3
        let result = try AnalysisEngine.run(graph: f.build(), rules: only(.cycle), threads: 1)
        #expect(result.findings.isEmpty)
        #expect(result.notes.contains { $0.hasPrefix("cycle: 3 two-broker round trips") })
        var two = GraphFixture()
        two.add("A", "B", hour: 5.5 * 24, 10_000)
        two.add("B", "A", hour: 7.5 * 24, 9_800)
        two.add("B", "A", hour: 13.5 * 24, 10_000)
        two.add("A", "B", hour: 14.5 * 24, 9_800)
        #expect(try findings(two.build(), only(.cycle)).count == 2)
    }

    /// The exchange-house look-alike of a cycle: C → A is new, but A → H and H → C are routine
    /// (weeks 0–2): a ring closed by ordinary settlement through the house is not reported
    /// (`max_routine_hops` = 1); allowing two routine hops reports it.
    @Test func aRingClosedThroughRoutineRelationshipsIsNotReported() throws {
        var f = GraphFixture()
        for w in 0..<3 {
            f.add("A", "H", hour: Double(w) * Self.week + 10, 3_000)
            f.add("H", "C", hour: Double(w) * Self.week + 20, 3_000)
        }
        f.add("C", "A", hour: 3 * Self.week, 10_000)
        f.add("A", "H", hour: 3 * Self.week + 5, 9_900)
        f.add("H", "C", hour: 3 * Self.week + 10, 9_800)
        let result = try AnalysisEngine.run(graph: f.build(), rules: only(.cycle), threads: 1)
        #expect(result.findings.isEmpty)
        #expect(result.notes.contains { $0.hasPrefix("cycle: 1 cycles with more than max_routine_hops = 1") })
        let found = try findings(f.build(), only(.cycle) { $0.cycle.maxRoutineHops = 2 })
        try #require(found.count == 1)
        #expect(found[0].brokers == ["C", "A", "H"])
    }

    @Test func aRingWhoseValueDoesNotCarryOverIsNoCycle() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 20_000)
        f.add("B", "C", hour: 5, 10_000)  // 50 % of the previous hop
        f.add("C", "A", hour: 10, 9_800)
        #expect(try findings(f.build(), only(.cycle)).isEmpty)
        var g = GraphFixture()
        g.add("A", "B", hour: 0, 20_000)
        g.add("B", "C", hour: 5, 18_000)  // 90 %
        g.add("C", "A", hour: 10, 17_640)  // 98 %
        #expect(try findings(g.build(), only(.cycle)).count == 1)
    }

    @Test func hopsUpToThreeDaysApartAndNotOneSecondMore() throws {
        func ring(gap: Double) -> TransferGraph {
            var f = GraphFixture()
            f.add("A", "B", hour: 0, 10_000)
            f.add("B", "C", hour: gap, 9_900)
            f.add("C", "A", hour: 2 * gap, 9_800)
            return f.build()
        }
        let found = try findings(ring(gap: 72), only(.cycle))
        try #require(found.count == 1)
        #expect(found[0].explanation.hasPrefix("A → B → C → A: 3 transfers, 29,700 USD, 6.0 days"))
        #expect(try findings(ring(gap: 72 + 1.0 / 3600), only(.cycle)).isEmpty)
    }

    @Test func aRingUnderTheMinimumAmountIsNoCycle() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 4_999)
        f.add("B", "C", hour: 5, 4_900)
        f.add("C", "A", hour: 10, 4_800)
        #expect(try findings(f.build(), only(.cycle)).isEmpty)
    }

    /// Rarity: the same ring on routine pairs scores 0.4 (the rarity weight) below one on new
    /// pairs (with `max_routine_hops` raised: by default the ring on routine pairs is not reported).
    @Test func aRingOnRoutinePairsRanksBelowTheSameRingOnNewPairs() throws {
        var f = GraphFixture()
        for (a, b) in [("D", "E"), ("E", "F"), ("F", "D")] {
            for w in 0..<3 { f.add(a, b, hour: Double(w) * Self.week + 1, 100) }
        }
        for (names, hour) in [(["A", "B", "C"], 600.0), (["D", "E", "F"], 610.0)] {
            f.add(names[0], names[1], hour: hour, 10_000)
            f.add(names[1], names[2], hour: hour + 2, 10_000)
            f.add(names[2], names[0], hour: hour + 4, 10_000)
        }
        #expect(try findings(f.build(), only(.cycle)).map(\.brokers) == [["A", "B", "C"]])
        let found = try findings(f.build(), only(.cycle) { $0.cycle.maxRoutineHops = 3 })
        try #require(found.count == 2)
        #expect(found[0].brokers == ["A", "B", "C"])
        #expect(abs(found[0].score - found[1].score - 0.4) < 1e-6)
    }

    // MARK: rapid pass-through

    @Test func valuePassedOnWithinTwelveHoursAtNinetyFivePercent() throws {
        func chain(delay: Double, second: Double = 9_500) -> TransferGraph {
            var f = GraphFixture()
            f.add("A", "B", hour: 0, 10_000)
            f.add("B", "C", hour: delay, second)
            f.add("C", "D", hour: 2 * delay, second * 0.99)
            return f.build()
        }
        #expect(try findings(chain(delay: 12), only(.rapidPassThrough)).count == 1)
        #expect(try findings(chain(delay: 12 + 1.0 / 3600), only(.rapidPassThrough)).isEmpty)
        #expect(try findings(chain(delay: 1, second: 9_499), only(.rapidPassThrough)).isEmpty)
    }

    // MARK: fan-in / fan-out

    /// Eight senders paying H within a day, on day 30, 8,000 USD each.
    func fanIn(routineSenders: Bool) -> TransferGraph {
        var f = GraphFixture()
        f.add("X", "Y", hour: 0, 100)
        for i in 1...8 {
            if routineSenders {
                for w in 0..<3 { f.add("S\(i)", "H", hour: Double(w) * Self.week + Double(i), 500) }
            }
            f.add("S\(i)", "H", hour: 720 + Double(i), 8_000)
        }
        return f.build()
    }

    @Test func newSendersAreAFanInAndRoutineCorrespondentsAreNot() throws {
        let found = try findings(fanIn(routineSenders: false), only(.fanIn))
        try #require(found.count == 1)
        #expect(found[0].brokers.count == 9)
        #expect(try findings(fanIn(routineSenders: true), only(.fanIn)).isEmpty)
    }

    /// A hub with the same ten correspondents every day (routine relationships switched off,
    /// so only the usual count judges it) is news at 2.5 times its usual count, not at it.
    @Test func aHubIsJudgedAgainstItsUsualNumberOfCounterparties() throws {
        func hub(extra: Int) -> TransferGraph {
            var f = GraphFixture()
            for day in 0..<21 {
                for i in 1...10 { f.add("C\(i)", "H", hour: Double(day * 24) + Double(i), 6_000) }
            }
            for i in 1...max(1, extra) where extra > 0 { f.add("N\(i)", "H", hour: 21 * 24 + Double(i) / 2, 6_000) }
            return f.build()
        }
        let rules = only(.fanIn) { $0.baseline.routineWeeks = 0 }
        #expect(try findings(hub(extra: 0), rules).isEmpty)  // the same 10 every day: usually 10

        #expect(try findings(hub(extra: 14), rules).isEmpty)  // 24 < 2.5 × 10
        let found = try findings(hub(extra: 15), rules)  // 25 = 2.5 × 10
        try #require(found.count == 1)
        #expect(found[0].explanation.contains("usually 10 new within 3.0 days"))
    }

    /// The exchange-house look-alike: H is paid by `routine` routine brokers every week, and
    /// in week 4 by them and 8 new ones within a day. 8 new of 38 (0.21) is the tail of its
    /// crowd; 8 of 32 (0.25, `min_new_share`) is a fan-in.
    @Test func aFewNewBrokersInAnExchangeHousesCrowdAreNoFanIn() throws {
        func house(routine: Int) -> TransferGraph {
            var f = GraphFixture()
            for w in 0..<5 {
                for i in 1...routine { f.add("R\(i)", "H", hour: Double(w) * Self.week + Double(i) / 4, 2_000) }
            }
            for i in 1...8 { f.add("N\(i)", "H", hour: 4 * Self.week + 10 + Double(i), 8_000) }
            return f.build()
        }
        #expect(try findings(house(routine: 30), only(.fanIn)).isEmpty)
        #expect(try findings(house(routine: 30), only(.fanIn) { $0.fanIn.minNewShare = 0 }).count == 1)
        #expect(try findings(house(routine: 24), only(.fanIn)).count == 1)
    }

    @Test func aBrokerPayingTheSameDozenEveryWeekIsNoFanOut() throws {
        func distribution(routineWeeks: Int) throws -> [Finding] {
            var f = GraphFixture()
            for w in 0..<5 {
                for i in 1...12 { f.add("B", "P\(i)", hour: Double(w) * Self.week + 9 + Double(i) / 4, 10_000) }
            }
            return try findings(f.build(), only(.fanOut) { $0.baseline.routineWeeks = routineWeeks })
        }
        #expect(try distribution(routineWeeks: 3).isEmpty)
        #expect(try distribution(routineWeeks: 0).count == 5)  // without the history, each week looks like a fan-out
    }

    // MARK: gather-scatter

    @Test func routineCorrespondentsOfAHubAreNoGatherScatter() throws {
        func graph(routine: Bool) -> TransferGraph {
            var f = GraphFixture()
            for i in 1...4 {
                if routine {
                    for w in 0..<3 {
                        f.add("S\(i)", "H", hour: Double(w) * Self.week + Double(i), 300)
                        f.add("H", "R\(i)", hour: Double(w) * Self.week + Double(i) + 5, 300)
                    }
                }
                f.add("S\(i)", "H", hour: 600 + Double(i), 10_000)
                f.add("H", "R\(i)", hour: 650 + Double(i), 10_000)
            }
            return f.build()
        }
        let found = try findings(graph(routine: false), only(.gatherScatter))
        try #require(found.count == 1)
        #expect(found[0].transferIDs.count == 8)
        #expect(try findings(graph(routine: true), only(.gatherScatter)).isEmpty)
    }

    // MARK: volume spike

    /// A pair with 20 days of 2,000 USD, then day 20 as given.
    func spikeDay(_ amounts: [Double]) -> TransferGraph {
        var f = GraphFixture()
        for day in 0..<20 { f.add("A", "B", hour: Double(day * 24 + 10), 2_000) }
        for (i, a) in amounts.enumerated() { f.add("A", "B", hour: Double(20 * 24 + 8 + i), a) }
        return f.build()
    }

    @Test func aSingleLargePaymentOnAQuietPairIsNoSpike() throws {
        #expect(try findings(spikeDay([100_000]), only(.volumeSpike)).isEmpty)  // one transfer
        #expect(try findings(spikeDay([100_000, 1_000]), only(.volumeSpike)).isEmpty)  // 99 % in one
        let found = try findings(spikeDay([20_000, 20_000, 20_000]), only(.volumeSpike))
        try #require(found.count == 1)
        #expect(found[0].amount == 60_000)
        // 70 % in one transfer is still a spike pattern; more is not.
        #expect(try findings(spikeDay([14_000, 6_000]), only(.volumeSpike)).count == 1)
        #expect(try findings(spikeDay([14_001, 5_999]), only(.volumeSpike)).isEmpty)
    }

    // MARK: settlement imbalance

    @Test func aPositionBuiltOverSixWeeksIsOneFinding() throws {
        var f = GraphFixture()
        for i in 0..<8 { f.add("A", "B", hour: Double(i) * 5 * 24, 10_000) }  // 35 days
        let found = try findings(f.build(), only(.settlementImbalance))
        try #require(found.count == 1)
        #expect(found[0].transferIDs.count == 8)
        #expect(found[0].amount == 80_000)
        #expect(found[0].brokers == ["A", "B"])
    }

    @Test func aPairSettlingBothWaysInBalanceIsNoImbalance() throws {
        var f = GraphFixture()
        for w in 0..<6 {
            f.add("A", "B", hour: Double(w) * Self.week, 30_000)
            f.add("B", "A", hour: Double(w) * Self.week + 50, 29_000)
        }
        #expect(try findings(f.build(), only(.settlementImbalance)).isEmpty)
        // A one-way run long after: the pair's history of settling both ways (174,000 back of
        // 300,000 over the whole data, over balanced_pair_ratio 0.5) leaves it out.
        for i in 0..<6 { f.add("A", "B", hour: 12 * Self.week + Double(i) * 24, 20_000) }
        #expect(try findings(f.build(), only(.settlementImbalance)).isEmpty)
        #expect(try findings(f.build(), only(.settlementImbalance) { $0.settlementImbalance.balancedPairRatio = nil }).count == 1)
    }

    @Test func aStandingWeeklyPaymentIsNoImbalance() throws {
        var f = GraphFixture()
        for w in 0..<6 { f.add("A", "B", hour: Double(w) * Self.week, 15_000) }  // one a week
        #expect(try findings(f.build(), only(.settlementImbalance)).isEmpty)
        f.add("A", "B", hour: 2.5 * Self.week, 15_000)  // a seventh in 5 weeks: denser than weekly
        #expect(try findings(f.build(), only(.settlementImbalance)).count == 1)
    }

    /// An ordinary broker paying an exchange house every day for 60 days: a standing corridor.
    @Test func aStandingOneWayCorridorIsNoImbalance() throws {
        var f = GraphFixture()
        for day in 0..<60 { f.add("A", "H", hour: Double(day * 24 + 10), 3_000 + Double(day % 3) * 1_000) }
        #expect(try findings(f.build(), only(.settlementImbalance)).isEmpty)
        let judged = try findings(f.build(), only(.settlementImbalance) { $0.settlementImbalance.maxUsualShare = nil })
        #expect(judged.count == 1)
    }

    @Test func scatteredValueThatIsNotGatheredIsNoScatterGather() throws {
        func graph(back: Double) -> TransferGraph {
            var f = GraphFixture()
            for i in 1...4 {
                f.add("A", "B\(i)", hour: Double(i), 10_000)
                f.add("B\(i)", "C", hour: 50 + Double(i), back)
            }
            return f.build()
        }
        // Per-leg matching (default): each pass-on 0.9–1.02 of its own receipt.
        #expect(try findings(graph(back: 9_000), only(.scatterGather)).count == 1)  // 0.9 of it
        #expect(try findings(graph(back: 8_999), only(.scatterGather)).isEmpty)
        #expect(try findings(graph(back: 10_200), only(.scatterGather)).count == 1)  // 1.02
        #expect(try findings(graph(back: 10_201), only(.scatterGather)).isEmpty)
        // Without it, the window totals' band 0.85–1.05.
        let totals = only(.scatterGather) {
            $0.scatterGather.minPassOnRatio = 0
            $0.scatterGather.maxPassOnRatio = 0
        }
        #expect(try findings(graph(back: 8_500), totals).count == 1)  // 0.85 of it
        #expect(try findings(graph(back: 8_499), totals).isEmpty)
        #expect(try findings(graph(back: 10_500), totals).count == 1)  // 1.05
        #expect(try findings(graph(back: 10_501), totals).isEmpty)
    }

    @Test func oneLargeTradePaymentIsNoImbalance() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 400_000)
        for i in 1...5 { f.add("A", "B", hour: Double(i) * 24, 1_000) }
        #expect(try findings(f.build(), only(.settlementImbalance)).isEmpty)
    }

    // MARK: structuring

    @Test func aSeriesJustOverTheThresholdIsNoStructuring() throws {
        var f = GraphFixture()
        for i in 0..<6 { f.add("A", "B", hour: Double(i) * 30, 10_000 + Double(i) * 150, originator: "P") }
        #expect(try findings(f.build(), only(.structuring)).isEmpty)
        var g = GraphFixture()
        for i in 0..<6 { g.add("A", "B", hour: Double(i) * 30, 9_000 + Double(i) * 150, originator: "P") }
        #expect(try findings(g.build(), only(.structuring) { $0.structuring.byBeneficiary = false }).count == 1)
    }

    // MARK: history

    @Test func pairHistoryCountsDistinctWeeks() {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 1)
        f.add("A", "B", hour: 1, 1)
        f.add("A", "B", hour: 200, 1)
        f.add("B", "A", hour: 201, 1)
        f.add("A", "B", hour: 3 * Self.week, 1)
        let graph = f.build()
        let history = PairHistory(graph: graph)
        let a = Int32((0..<graph.brokerCount).first { graph.brokerName(Int32($0)) == "A" }!)
        let b = Int32((0..<graph.brokerCount).first { graph.brokerName(Int32($0)) == "B" }!)
        #expect(history.activeWeeks(a, b) == 3)
        #expect(history.activeWeeks(b, a) == 1)
        #expect(history.twoWayWeeks(a, b) == 1)
        #expect(history.activeWeeks(b, b) == 0)
    }
}
