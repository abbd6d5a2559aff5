import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct RapidPassThroughTests {
    func graph(last: (String, Double, Double) = ("D", 2, 9_400)) -> TransferGraph {
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 10_000)
        f.add("B", "C", hour: 1, 9_500)
        f.add("C", last.0, hour: last.1, last.2)
        return f.build()
    }

    @Test func chainOverTwoBrokers() throws {
        let found = try findings(graph(), only(.rapidPassThrough))
        try #require(found.count == 1)
        #expect(found[0].brokers == ["A", "B", "C", "D"])
        #expect(found[0].transferIDs == ["E1", "E2", "E3"])
        #expect(found[0].explanation == "A → B → C → D: 3 transfers, 10,000 USD in first, 2 h; each of 2 brokers passed on 95–99% within 1 h")
    }

    @Test func ratioBelowTheMinimumBreaksTheChain() throws {
        #expect(try findings(graph(last: ("D", 2, 8_000)), only(.rapidPassThrough)).isEmpty)
    }

    @Test func tooSlowBreaksTheChain() throws {
        #expect(try findings(graph(last: ("D", 13.5, 9_400)), only(.rapidPassThrough)).isEmpty)  // 12.5 h > 12 h
    }

    @Test func aChainClosingACycleIsLeftToTheCycleDetector() throws {
        #expect(try findings(graph(last: ("A", 2, 9_400)), only(.rapidPassThrough)).isEmpty)
    }
}

@Suite struct RapidPassThroughForkTests {
    @Test func theLosingBranchOfAForkIsStillReported() throws {
        // A → B, then B passes on twice: to C (chain ends there) and to X → Y → Z (longer).
        var f = GraphFixture()
        f.add("A", "B", hour: 0, 10_000)
        f.add("B", "X", hour: 1, 9_800)
        f.add("X", "Y", hour: 2, 9_600)
        f.add("Y", "Z", hour: 3, 9_400)
        f.add("B", "C", hour: 1.5, 9_700)
        f.add("C", "D", hour: 2.5, 9_500)
        f.add("D", "E", hour: 3.5, 9_300)
        var rules = only(.rapidPassThrough)
        rules.rapidPassThrough.minPassThroughs = 2
        let found = try findings(f.build(), rules)
        // Best from A → B: via X (4 transfers, earliest). B → C → D → E is reported on its own.
        #expect(Set(found.map(\.brokers)) == [["A", "B", "X", "Y", "Z"], ["B", "C", "D", "E"]])
    }
}
