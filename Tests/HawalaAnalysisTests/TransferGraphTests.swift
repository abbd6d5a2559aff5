import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct TransferGraphTests {
    @Test func buildsTimeSortedCSR() {
        var f = GraphFixture()
        f.add("A", "B", hour: 5, id: "late")
        f.add("A", "C", hour: 1, id: "early")
        f.add("C", "A", hour: 3, id: "middle")
        let g = f.build()
        #expect(g.edgeCount == 3)
        #expect(g.brokerCount == 3)
        #expect((0..<3).map { g.transferIDs[$0] } == ["early", "middle", "late"])
        let a: Int32 = 0  // "A" was interned first
        #expect(g.brokerName(a) == "A")
        #expect(g.outRange(a).map { g.transferIDs[Int(g.outEdges[$0])] } == ["early", "late"])
        #expect(g.inRange(a).map { g.transferIDs[Int(g.inEdges[$0])] } == ["middle"])
        #expect(g.outTime[g.outRange(a).lowerBound] == GraphFixture.base + 3600)
    }

    @Test func skipsTransfersWithoutReportingAmountAndRejectsOtherCurrencies() throws {
        var builder = TransferGraph.Builder(currency: .usd)
        let time = Date(timeIntervalSince1970: 1_767_225_600)
        let aed = CurrencyCode("AED")!
        try builder.append(
            Transfer(id: "T1", timestamp: time, senderBroker: "A", receiverBroker: "B",
                     amount: Money(minorUnits: 100_000, currency: aed), reportingAmount: nil))
        try builder.append(
            Transfer(id: "T2", timestamp: time, senderBroker: "A", receiverBroker: "B", originator: "P1",
                     amount: Money(minorUnits: 100_000, currency: aed),
                     reportingAmount: Money(minorUnits: 27_225, currency: .usd)))
        #expect(throws: AnalysisError.self) {
            try builder.append(
                Transfer(id: "T3", timestamp: time, senderBroker: "A", receiverBroker: "B",
                         amount: Money(minorUnits: 1, currency: aed), reportingAmount: Money(minorUnits: 1, currency: aed)))
        }
        let g = builder.build()
        #expect(g.edgeCount == 1)
        #expect(g.skippedWithoutAmount == 1)
        #expect(g.amount[0] == 272.25)
        #expect(g.partyName(g.originator[0]) == "P1")
        #expect(g.partyName(g.beneficiary[0]) == nil)
    }
}
