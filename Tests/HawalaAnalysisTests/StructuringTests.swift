import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct StructuringTests {
    func rules(byBeneficiary: Bool = false) -> AnalysisRules {
        only(.structuring) {
            $0.structuring.byOriginator = !byBeneficiary
            $0.structuring.byBeneficiary = byBeneficiary
        }
    }

    @Test func threeJustUnderTheThresholdByOneOriginator() throws {
        var f = GraphFixture()
        f.add("A", "X", hour: 0, 9_000, originator: "P1")  // 9,000 = T·(1 − ε): inside
        f.add("B", "X", hour: 10, 9_999.99, originator: "P1")
        f.add("A", "Y", hour: 20, 10_000, originator: "P1")  // at T: not under it
        f.add("A", "Y", hour: 30, 8_999.99, originator: "P1")  // below the band
        f.add("A", "Z", hour: 168, 9_500, originator: "P1")  // 168 h after the first: inclusive
        f.add("A", "Z", hour: 2, 9_500, originator: "P2")
        let found = try findings(f.build(), rules())
        try #require(found.count == 1)
        #expect(found[0].transferIDs == ["E1", "E2", "E5"])
        #expect(found[0].brokers == ["A", "B"])
        #expect(found[0].explanation == "originator P1 sent 3 transfers of 9,000–9,999.99 USD within 7.0 days, just under the 10,000 USD threshold, through A, B: 28,500 USD in all")
    }

    @Test func windowBoundary() throws {
        var f = GraphFixture()
        f.add("A", "X", hour: 0, 9_100, originator: "P1")
        f.add("A", "X", hour: 10, 9_100, originator: "P1")
        f.add("A", "X", hour: 168 + 1.0 / 3600, 9_100, originator: "P1")
        #expect(try findings(f.build(), rules()).isEmpty)
    }

    @Test func byBeneficiary() throws {
        var f = GraphFixture()
        for (i, o) in ["P1", "P2", "P3"].enumerated() {
            f.add("A", "X", hour: Double(i), 9_900, originator: o, beneficiary: "Q")
        }
        let found = try findings(f.build(), rules(byBeneficiary: true))
        try #require(found.count == 1)
        #expect(found[0].brokers == ["X"])
        #expect(found[0].explanation.hasPrefix("beneficiary Q received 3 transfers"))
    }
}
