import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaInvestigation

@Suite struct ReviewTests {
    @Test func aDecisionFollowsTheFindingToALaterRunByKey() throws {
        let store = try temporaryStore()
        let investigation = Investigation(store: store)
        try saveRun(store, [finding("F-000031", .cycle, brokers: ["A", "B"], transfers: ["T1", "T2"])])
        let entries = try investigation.review(
            ["F-000031"], status: .confirmed, note: "matches STR 17", by: "analyst-1", at: at(2000))
        #expect(entries.count == 1)
        #expect(entries[0].from == nil)
        #expect(entries[0].to == .confirmed)
        // The next run numbers findings differently; the same transfers give the same key.
        try saveRun(store, [
            finding("F-000001", .fanIn, brokers: ["C", "D"], transfers: ["T9"]),
            finding("F-000002", .cycle, brokers: ["B", "A"], transfers: ["T2", "T1"]),
        ])
        let later = try investigation.loadRun(nil)
        let states = try investigation.reviewStates(later.findings)
        #expect(states["F-000002"]?.status == .confirmed)
        #expect(states["F-000002"]?.notes == ["matches STR 17 (analyst-1, 2026-03-25T08:00:00Z, confirmed)"])
        #expect(states["F-000001"]?.label == "open")
        // A second decision is a new entry, recording where it came from.
        let second = try investigation.review(["F-000002"], status: .escalated, note: nil, by: "lead", at: at(2001))
        #expect(second[0].from == .confirmed)
        #expect(try store.reviews().map(\.to) == [.confirmed, .escalated])
    }

    @Test func aDismissedFindingStaysOutUntilItGrowsThenIsReopened() throws {
        let store = try temporaryStore()
        let investigation = Investigation(store: store)
        try saveRun(store, [
            finding("F-000001", .fanIn, brokers: ["EXH", "S1", "S2"], transfers: ["T1", "T2"]),
            finding("F-000002", .cycle, brokers: ["A", "B"], transfers: ["T5", "T6"]),
        ])
        try investigation.review(
            ["F-000001"], status: .dismissed, note: "licensed exchange house", by: "analyst-1", at: at(2000))
        var loaded = try investigation.loadRun(nil)
        #expect(try investigation.listing(loaded, newSince: nil, status: nil).map(\.finding.id) == ["F-000002"])
        #expect(try investigation.listing(loaded, newSince: nil, status: .dismissed).map(\.finding.id) == ["F-000001"])
        #expect(try investigation.reportInput(loaded, allFindings: loaded.findings).findings.map(\.id) == ["F-000002"])

        // Same data again: still dismissed, still out.
        try saveRun(store, [
            finding("F-000001", .fanIn, brokers: ["EXH", "S1", "S2"], transfers: ["T1", "T2"]),
            finding("F-000002", .cycle, brokers: ["A", "B"], transfers: ["T5", "T6"]),
        ])
        loaded = try investigation.loadRun(nil)
        #expect(try investigation.listing(loaded, newSince: nil, status: nil).map(\.finding.id) == ["F-000002"])

        // It grows: two more transfers. Back, re-opened, with what changed.
        let grown = finding("F-000001", .fanIn, brokers: ["EXH", "S1", "S2", "S3"], transfers: ["T1", "T2", "T3", "T4"])
        try saveRun(store, [grown, finding("F-000002", .cycle, brokers: ["A", "B"], transfers: ["T5", "T6"])])
        loaded = try investigation.loadRun(nil)
        let listed = try investigation.listing(loaded, newSince: "2", status: nil)
        #expect(listed.map(\.finding.id) == ["F-000001"])
        #expect(listed[0].state.label == "reopened")
        #expect(listed[0].state.growth?.addedTransfers == 2)
        #expect(
            listed[0].changeText
                == "grown: +2 transfers, +2,000 USD since run 2 (was F-000001); re-opened: +2 transfers, +2,000 USD since run 1 (was F-000001)")
        #expect(try investigation.listing(loaded, newSince: nil, status: .reopened).map(\.finding.id) == ["F-000001"])
        let report = try investigation.reportInput(loaded, allFindings: loaded.findings)
        #expect(report.findings.map(\.id) == ["F-000001", "F-000002"])
        #expect(report.reviews["F-000001"]?.status == "reopened")
        #expect(report.reviews["F-000001"]?.notes.first?.hasPrefix("licensed exchange house (analyst-1, ") == true)
    }

    @Test func reviewingAnUnknownFindingIsRefusedAndWritesNothing() throws {
        let store = try temporaryStore()
        try saveRun(store, [finding("F-000001", .cycle, brokers: ["A", "B"], transfers: ["T1"])])
        #expect(throws: InvestigationError.self) {
            try Investigation(store: store).review(["F-000001", "F-000404"], status: .confirmed, note: nil, by: "a", at: at(1))
        }
        #expect(try store.reviews().isEmpty)
    }
}
