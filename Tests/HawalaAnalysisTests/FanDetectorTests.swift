import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct FanDetectorTests {
    func rules(_ typology: Typology = .fanIn) -> AnalysisRules {
        only(typology) { r in
            for keyPath in [\AnalysisRules.fanIn, \AnalysisRules.fanOut] {
                r[keyPath: keyPath].windowHours = 24
                r[keyPath: keyPath].minCounterparties = 3
                r[keyPath: keyPath].minTotal = 3_000
            }
        }
    }

    @Test func threeSendersWithinTheWindowInclusive() throws {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 1_000)
        f.add("S2", "H", hour: 10, 1_000)
        f.add("S3", "H", hour: 24, 1_000)
        let found = try findings(f.build(), rules())
        try #require(found.count == 1)
        #expect(found[0].brokers == ["H", "S1", "S2", "S3"])
        #expect(found[0].transferIDs == ["E1", "E2", "E3"])
        #expect(found[0].amount == 3_000)
        // exactly at both thresholds (rule part 0), all three senders new (rarity 1), under 5,000 USD
        #expect(found[0].score == 0.4)
        #expect(found[0].explanation == "H received from 3 distinct brokers within 24 h: 3 transfers, 3,000 USD (S1, S2, S3)")
    }

    @Test func oneSecondOutsideTheWindowIsNoFanIn() throws {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 1_000)
        f.add("S2", "H", hour: 10, 1_000)
        f.add("S3", "H", hour: 24 + 1.0 / 3600, 1_000)
        #expect(try findings(f.build(), rules()).isEmpty)
    }

    @Test func repeatedSenderCountsOnceAndTotalMatters() throws {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 5_000)
        f.add("S1", "H", hour: 1, 5_000)
        f.add("S2", "H", hour: 2, 5_000)
        #expect(try findings(f.build(), rules()).isEmpty)
        var g = GraphFixture()
        for (i, s) in ["S1", "S2", "S3"].enumerated() { g.add(s, "H", hour: Double(i), 999) }
        #expect(try findings(g.build(), rules()).isEmpty)  // 2,997 < 3,000
    }

    @Test func aBurstIsReportedOnce() throws {
        var f = GraphFixture()
        f.add("S1", "H", hour: 0, 1_000)
        f.add("S2", "H", hour: 10, 1_000)
        f.add("S3", "H", hour: 24, 1_000)
        f.add("S4", "H", hour: 30, 1_000)
        f.add("S5", "H", hour: 200, 1_000)  // far later, alone
        let found = try findings(f.build(), rules())
        try #require(found.count == 1)
        // the whole burst's transfers are listed; counts and amount are the best window's
        #expect(found[0].transferIDs == ["E1", "E2", "E3", "E4"])
        #expect(found[0].explanation.hasSuffix("; part of a burst of 4 transfers over 30 h"))
    }

    @Test func fanOut() throws {
        var f = GraphFixture()
        for (i, r) in ["R1", "R2", "R3", "R4"].enumerated() { f.add("H", r, hour: Double(i), 2_000) }
        let found = try findings(f.build(), rules(.fanOut))
        try #require(found.count == 1)
        #expect(found[0].typology == .fanOut)
        #expect(found[0].brokers == ["H", "R1", "R2", "R3", "R4"])
        #expect(found[0].explanation.hasPrefix("H sent to 4 distinct brokers within 3 h"))
    }
}
