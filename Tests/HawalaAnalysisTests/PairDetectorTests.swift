import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct VolumeSpikeTests {
    func graph(spike: Double) -> TransferGraph {
        var f = GraphFixture()
        for week in 0..<8 { f.add("A", "B", hour: Double(week * 168 + 10), 10_000) }
        // Three equal transfers: judged without the largest, two thirds of the spike.
        for i in 0..<3 { f.add("A", "B", hour: Double(8 * 168 + 10 + 5 * i), spike / 3) }
        return f.build()
    }

    /// Weekly windows over an eight-week baseline (the scenario of the tests below).
    func weekly() -> AnalysisRules {
        only(.volumeSpike) {
            $0.volumeSpike.windowDays = 7
            $0.volumeSpike.baselineWindows = 8
            $0.volumeSpike.minBaselineWindows = 4
        }
    }

    @Test func spikeAboveFiveTimesTheMedian() throws {
        let found = try findings(graph(spike: 90_000), weekly())
        try #require(found.count == 1)
        #expect(found[0].brokers == ["A", "B"])
        #expect(found[0].transferIDs == ["E9", "E10", "E11"])
        #expect(found[0].amount == 90_000)
        #expect(found[0].explanation == "A → B: 90,000 USD in the 7.0 days from 2026-02-26, 60,000 USD without the largest transfer, 6.0× the median of the 8 windows before (10,000 USD; busiest 10,000 USD); 3 transfers")
    }

    @Test func exactlyFiveTimesWithoutTheLargestIsNotASpike() throws {
        #expect(try findings(graph(spike: 75_000), weekly()).isEmpty)  // 50,000 without the largest
        var whole = weekly()
        whole.volumeSpike.withoutLargest = false
        #expect(try findings(graph(spike: 75_000), whole).count == 1)  // 75,000 > 5 x 10,000
    }

    /// Defaults: daily windows; the baseline is the days before inside the data (here 10),
    /// at least 7 of them with volume.
    @Test func dailyDefaultsUseThePartialBaselineAtTheStartOfTheData() throws {
        var f = GraphFixture()
        for day in 0..<10 { f.add("A", "B", hour: Double(day * 24 + 10), 2_000) }
        f.add("A", "B", hour: Double(10 * 24 + 9), 40_000)
        f.add("A", "B", hour: Double(10 * 24 + 12), 40_000)
        f.add("A", "B", hour: Double(10 * 24 + 15), 40_000)
        let found = try findings(f.build(), only(.volumeSpike))
        try #require(found.count == 1)
        #expect(found[0].transferIDs == ["E11", "E12", "E13"])
        #expect(found[0].explanation.contains("40.0× the median of the 10 windows before (2,000 USD; busiest 2,000 USD)"))
        // Six earlier days with volume are too few for a baseline (min_baseline_windows = 7).
        var g = GraphFixture()
        for day in 4..<10 { g.add("A", "B", hour: Double(day * 24 + 10), 2_000) }
        g.add("C", "D", hour: 1, 100)
        g.add("A", "B", hour: Double(10 * 24 + 9), 80_000)
        #expect(try findings(g.build(), only(.volumeSpike)).isEmpty)
    }
}

@Suite struct SettlementImbalanceTests {
    func graph(back: Double) -> TransferGraph {
        var f = GraphFixture()
        for day in 0..<5 { f.add("A", "B", hour: Double(day * 24), 30_000) }
        f.add("B", "A", hour: 200, back)
        return f.build()
    }

    @Test func oneSidedPosition() throws {
        let found = try findings(graph(back: 5_000), only(.settlementImbalance))
        try #require(found.count == 1)
        #expect(found[0].brokers == ["A", "B"])
        #expect(found[0].transferIDs.count == 6)
        #expect(found[0].amount == 155_000)
        #expect(found[0].explanation.hasPrefix("A paid B 150,000 USD and received 5,000 USD back in the 8.3 days from 2026-01-01: net 145,000 USD one way (94% of 6 transfers' value)"))
    }

    @Test func balancedEnoughIsNotFlagged() throws {
        #expect(try findings(graph(back: 10_000), only(.settlementImbalance)).isEmpty)  // 140/160 = 0.875 < 0.9
    }
}
