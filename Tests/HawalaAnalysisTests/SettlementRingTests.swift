import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

/// `settlement_ring` (period netting round a ring, any time order): the rule's edges and the
/// look-alikes it must leave alone. Hours from 2026-01-01T00:00Z; the period is 30 days = 720 h.
@Suite struct SettlementRingTests {
    func ringRules(_ adjust: (inout SettlementRingRules) -> Void = { _ in }) -> AnalysisRules {
        only(.settlementRing) {
            $0.settlementRing.enabled = true
            adjust(&$0.settlementRing)
        }
    }

    /// A → B → C → A, paid out of time order: B → C first, then A → B, then C → A.
    func outOfOrder(last: Double = 300, amounts: (Double, Double, Double) = (10_000, 10_000, 10_000)) -> TransferGraph {
        var f = GraphFixture()
        f.add("A", "B", hour: 100, amounts.0)
        f.add("B", "C", hour: 10, amounts.1)
        f.add("C", "A", hour: last, amounts.2)
        return f.build()
    }

    @Test func ringPaidOutOfTimeOrderIsFoundWhereCycleIsNot() throws {
        let found = try findings(outOfOrder(), ringRules())
        try #require(found.count == 1)
        #expect(found[0].typology == .settlementRing)
        #expect(found[0].brokers == ["B", "C", "A"])  // ring order from the earliest transfer
        #expect(found[0].transferIDs == ["E2", "E1", "E3"])  // time order
        #expect(found[0].amount == 30_000)
        #expect(abs(found[0].score - (0.5 + 0.25 + 0.25 * (1 - 290.0 / 720))) < 1e-9)
        #expect(
            found[0].explanation
                == "B → C → A → B: each paid the next 10,000 USD within 12.1 days, not in time order "
                + "(hops on 2026-01-01, 2026-01-13, 2026-01-05): value netted round the ring within one settlement period (30.0 days)")
        #expect(try findings(outOfOrder(), only(.cycle)).isEmpty)
    }

    @Test func amountsAgreeWithinTheToleranceInclusive() throws {
        #expect(try findings(outOfOrder(amounts: (10_000, 10_500, 10_000)), ringRules()).count == 1)  // 5.0%
        #expect(try findings(outOfOrder(amounts: (10_000, 10_501, 10_000)), ringRules()).isEmpty)
        #expect(try findings(outOfOrder(amounts: (9_600, 10_000, 10_081)), ringRules()).isEmpty)  // over 5% across the ring
    }

    @Test func everyTransferWithinOnePeriodOfTheFirstInclusive() throws {
        #expect(try findings(outOfOrder(last: 730), ringRules()).count == 1)  // 720 h after hour 10
        #expect(try findings(outOfOrder(last: 731), ringRules()).isEmpty)
        #expect(try findings(outOfOrder(last: 731), ringRules { $0.periodDays = 31 }).count == 1)
    }

    @Test func amountsUnderTheMinimumAreLeftOut() throws {
        let small = outOfOrder(amounts: (4_000, 4_000, 4_000))
        #expect(try findings(small, ringRules()).isEmpty)
        #expect(try findings(small, ringRules { $0.minAmount = 0 }).count == 1)
    }

    /// Two brokers paying each other the same amount week after week: ordinary two-way
    /// settlement, not a ring (min_length 3); allowed only when asked for.
    @Test func twoBrokersSettlingBothWaysInBalanceAreNotARing() throws {
        var f = GraphFixture()
        for week in 0..<6 {
            f.add("A", "B", hour: Double(week * 168 + 10), 20_000)
            f.add("B", "A", hour: Double(week * 168 + 50), 20_000)
        }
        let graph = f.build()
        #expect(try findings(graph, ringRules()).isEmpty)
        let asked = try findings(graph, ringRules { $0.minLength = 2; $0.excludeTwoWay = false })
        #expect(asked.count == 1)  // one finding per broker ring, the other instances counted
        #expect(asked.first?.explanation.contains("other rings over the same brokers not listed") == true)
    }

    /// A ring over a pair that also pays back the other way within the period is left out
    /// (bilateral settlement), unless exclude_two_way is off.
    @Test func twoWayPairsAreLeftOut() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 100, 10_000)
        f.add("B", "C", hour: 10, 10_000)
        f.add("C", "A", hour: 300, 10_000)
        f.add("B", "A", hour: 600, 3_000)
        let graph = f.build()
        #expect(try findings(graph, ringRules()).isEmpty)
        #expect(try findings(graph, ringRules { $0.excludeTwoWay = false }).count == 1)
    }

    /// An exchange-house hub paid by and paying twenty brokers every day, about the same
    /// amounts, with weekly transfers between the brokers: rings through the hub abound, but
    /// every hub pair is two-way, so none is reported.
    @Test func hubTrafficIsNotARing() throws {
        var f = GraphFixture()
        for day in 0..<21 {
            for i in 0..<20 {
                f.add("X\(i)", "HUB", hour: Double(day * 24) + 1 + Double(i) * 0.1, 10_000 + Double(i * 10))
                f.add("HUB", "X\(i)", hour: Double(day * 24) + 12 + Double(i) * 0.1, 10_000 + Double(i * 10))
                if day % 7 == 0 { f.add("X\(i)", "X\((i + 1) % 20)", hour: Double(day * 24) + 6, 10_050) }
            }
        }
        let graph = f.build()
        #expect(try findings(graph, ringRules()).isEmpty)
        #expect(try !findings(graph, ringRules { $0.excludeTwoWay = false; $0.maxLength = 3 }).isEmpty)
    }

    @Test func ringsLongerThanMaxLengthAreNotReported() throws {
        var f = GraphFixture()
        let names = ["A", "B", "C", "D", "E"]
        for (i, name) in names.enumerated() { f.add(name, names[(i + 1) % 5], hour: Double(100 - i * 10), 10_000) }
        let graph = f.build()
        #expect(try findings(graph, ringRules()).count == 1)
        #expect(try findings(graph, ringRules { $0.maxLength = 4 }).isEmpty)
    }

    @Test func sameFindingsForAnyThreadCount() throws {
        let graph = randomGraph(brokers: 30, transfers: 3_000, hours: 2_000, seed: 11)
        let rules = ringRules { $0.minAmount = 0; $0.amountTolerance = 0.02; $0.excludeTwoWay = false }
        let one = try findings(graph, rules, threads: 1)
        #expect(!one.isEmpty)
        #expect(try findings(graph, rules, threads: 4) == one)
    }

    @Test func badValuesAreNamed() {
        var rules = ringRules { $0.minLength = 5; $0.maxLength = 4; $0.amountTolerance = -1 }
        rules.settlementRing.periodDays = 0
        let problems = rules.problems().joined(separator: "; ")
        #expect(problems.contains("settlement_ring.max_length"))
        #expect(problems.contains("settlement_ring.amount_tolerance"))
        #expect(problems.contains("settlement_ring.period_days"))
    }
}
