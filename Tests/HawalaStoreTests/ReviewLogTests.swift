import Foundation
import GRDB
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct ReviewLogTests {
    static func entry(_ key: String, _ to: ReviewStatus, from: ReviewStatus? = nil) -> ReviewEntry {
        ReviewEntry(
            finding: FindingSnapshot(
                key: key, runID: 1, findingID: "F-000001", typology: .cycle, brokers: ["A", "B"], transferIDs: ["T2", "T1"],
                amount: 2000, currency: .usd),
            from: from, to: to, note: "checked", by: "analyst", at: Date(timeIntervalSince1970: 1_767_225_600.7))
    }

    @Test func appendsAndReadsBackInOrder() throws {
        let store = try temporaryStore()
        let stored = try store.appendReviews([Self.entry("cycle-1", .underReview), Self.entry("cycle-1", .confirmed, from: .underReview)])
        #expect(stored.map(\.id) == [1, 2])
        let read = try store.reviews(keys: ["cycle-1"])
        #expect(read == stored)
        #expect(read[0].finding.transferIDs == ["T1", "T2"])
        #expect(read[1].at == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(try store.reviews(keys: ["other"]).isEmpty)
    }

    /// The database itself refuses to change or delete a review entry or a case note.
    @Test func theLogIsAppendOnlyInTheDatabase() throws {
        let store = try temporaryStore()
        try store.appendReviews([Self.entry("cycle-1", .dismissed)])
        try store.openCase(name: "CASE-1", by: "a", at: Date(timeIntervalSince1970: 0))
        try store.addToCase(name: "CASE-1", findings: [], notes: [CaseNote(text: "n", by: "a", at: Date(timeIntervalSince1970: 0))])
        let queue = try DatabaseQueue(path: store.path)
        for sql in [
            "UPDATE reviews SET to_status = 'confirmed'", "DELETE FROM reviews", "UPDATE case_notes SET text = 'x'",
            "DELETE FROM case_notes",
        ] {
            #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
        }
        #expect(try store.reviews().map(\.to) == [.dismissed])
        #expect(try store.storedCase(name: "CASE-1").notes.map(\.text) == ["n"])
    }

    @Test func casesHoldFindingsOnceAndRefuseADuplicateName() throws {
        let store = try temporaryStore()
        try store.openCase(name: "CASE-1", by: "a", at: Date(timeIntervalSince1970: 0))
        #expect(throws: StoreError.self) { try store.openCase(name: "CASE-1", by: "b", at: Date(timeIntervalSince1970: 0)) }
        let item = CaseFinding(finding: Self.entry("cycle-1", .confirmed).finding, addedAt: Date(timeIntervalSince1970: 0), addedBy: "a")
        #expect(try store.addToCase(name: "CASE-1", findings: [item], notes: []) == 1)
        #expect(try store.addToCase(name: "CASE-1", findings: [item], notes: []) == 0)
        #expect(try store.cases().map(\.findings.count) == [1])
        #expect(throws: StoreError.self) { try store.storedCase(name: "NOPE") }
    }
}
