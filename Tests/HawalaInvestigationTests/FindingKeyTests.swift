import Foundation
import HawalaCore
import Testing

@testable import HawalaInvestigation

@Suite struct FindingKeyTests {
    @Test func keyIsTypologyAndTheSortedTransfersOnly() {
        let a = finding("F-000001", .cycle, brokers: ["A", "B"], transfers: ["T-2", "T-1"], score: 0.9)
        var b = finding("F-000777", .cycle, brokers: ["B", "A"], transfers: ["T-1", "T-2"], score: 0.1)
        b.explanation = "other words"
        // SHA-256 of "cycle\n3:T-1\n3:T-2", first 16 hex digits (docs/cases.md).
        #expect(FindingKey.key(a) == "cycle-7e00c293911dccef")
        #expect(FindingKey.key(b) == FindingKey.key(a))
        #expect(FindingKey.key(typology: .fanIn, transferIDs: ["T-1", "T-2"]) != FindingKey.key(a))
        #expect(FindingKey.key(typology: .cycle, transferIDs: ["T-1", "T-2", "T-3"]) != FindingKey.key(a))
        #expect(FindingKey.looksLikeKey("cycle-7e00c293911dccef"))
        #expect(!FindingKey.looksLikeKey("F-000001"))
    }

    @Test func lengthPrefixKeepsIdsWithLineBreaksApart() {
        #expect(
            FindingKey.key(typology: .cycle, transferIDs: ["a\n1:b"]) != FindingKey.key(typology: .cycle, transferIDs: ["a", "b"]))
    }
}
