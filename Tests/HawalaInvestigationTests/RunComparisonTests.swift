import Foundation
import HawalaCore
import Testing

@testable import HawalaInvestigation

@Suite struct RunComparisonTests {
    @Test func newGrownUnchangedAndGone() {
        let base = [
            finding("F-000001", .cycle, brokers: ["A", "B", "C"], transfers: ["T1", "T2", "T3"]),
            finding("F-000002", .fanIn, brokers: ["H", "S1", "S2"], transfers: ["T10", "T11"]),
            finding("F-000003", .structuring, brokers: ["X", "Y"], transfers: ["T20", "T21"]),
        ]
        let later = [
            finding("F-000001", .fanIn, brokers: ["H", "S1", "S2", "S3"], transfers: ["T10", "T11", "T12", "T13", "T14"]),
            finding("F-000002", .cycle, brokers: ["A", "B", "C"], transfers: ["T3", "T1", "T2"]),
            finding("F-000003", .volumeSpike, brokers: ["P", "Q"], transfers: ["T30"]),
        ]
        let comparison = RunComparison.compare(base: base, baseRun: 4, current: later)
        #expect(comparison.changes["F-000002"] == .unchanged)
        #expect(comparison.changes["F-000003"] == .new)
        guard case .grown(let growth) = comparison.changes["F-000001"] else {
            Issue.record("F-000001 should have grown")
            return
        }
        #expect(growth.fromFindingID == "F-000002")
        #expect(growth.addedTransfers == 3)
        #expect(growth.addedAmount == 3000)
        #expect(growth.text == "+3 transfers, +3,000 USD since run 4 (was F-000002)")
        #expect(comparison.gone.map(\.id) == ["F-000003"])
        #expect(comparison.summary == "1 new, 1 grown, 1 unchanged, 1 gone since run 4")
    }

    @Test func anotherTypologyOverTheSameTransfersIsNotGrowth() {
        let base = [finding("F-000001", .fanIn, brokers: ["H", "A"], transfers: ["T1"])]
        let later = [finding("F-000001", .structuring, brokers: ["H", "A"], transfers: ["T1", "T2"])]
        #expect(RunComparison.compare(base: base, baseRun: 1, current: later).changes["F-000001"] == .new)
    }
}
