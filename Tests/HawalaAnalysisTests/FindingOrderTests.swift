import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct FindingOrderTests {
    func finding(_ id: String, score: Double, amount: Double, at: TimeInterval) -> Finding {
        Finding(
            id: id, typology: .cycle, score: score, brokers: ["A", "B"], transferIDs: [id], amount: amount,
            currency: .usd, firstAt: Date(timeIntervalSince1970: at), lastAt: Date(timeIntervalSince1970: at + 60),
            explanation: id)
    }

    @Test func sortsStablyByEachKey() {
        let findings = [
            finding("F-1", score: 0.5, amount: 300, at: 30),
            finding("F-2", score: 0.9, amount: 100, at: 10),
            finding("F-3", score: 0.9, amount: 200, at: 20),
        ]
        #expect(FindingOrder.id.sorted(findings).map(\.id) == ["F-1", "F-2", "F-3"])
        #expect(FindingOrder.score.sorted(findings).map(\.id) == ["F-2", "F-3", "F-1"])
        #expect(FindingOrder.amount.sorted(findings).map(\.id) == ["F-1", "F-3", "F-2"])
        #expect(FindingOrder.time.sorted(findings).map(\.id) == ["F-2", "F-3", "F-1"])
    }
}
