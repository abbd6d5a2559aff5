import Foundation
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct TransferQueryTests {
    @Test func streamsInTimeOrderWithTiesInImportOrder() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("C", at: 50), makeTransfer("A", at: 10), makeTransfer("B", at: 50)])
        try importTransfers(store, "b.csv", [makeTransfer("D", at: 0)])
        var ids: [String] = []
        try store.forEachTransfer { ids.append($0.id) }
        #expect(ids == ["D", "A", "C", "B"])
    }

    @Test func roundTripsEveryField() throws {
        let store = try temporaryStore()
        let original = makeTransfer("T1", at: 86_399, minor: 123_456, currency: "AED", reporting: 33_615)
        try importTransfers(store, "a.csv", [original])
        var streamed: [Transfer] = []
        try store.forEachTransfer { streamed.append($0) }
        #expect(streamed == [original])
        #expect(try store.transfers(ids: ["T1"]).map(\.transfer) == [original])
    }

    @Test func dropsSubSecondParts() throws {
        let store = try temporaryStore()
        var transfer = makeTransfer("T1")
        transfer.timestamp = transfer.timestamp.addingTimeInterval(0.75)
        try importTransfers(store, "a.csv", [transfer])
        #expect(try store.transfers(ids: ["T1"])[0].transfer.timestamp == makeTransfer("T1").timestamp)
    }

    @Test func streamStopsWhenBodyThrows() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", (0..<5).map { makeTransfer("T\($0)", at: Int64($0)) })
        var seen = 0
        #expect(throws: Boom.self) {
            try store.forEachTransfer { _ in
                seen += 1
                if seen == 2 { throw Boom() }
            }
        }
        #expect(seen == 2)
    }

    @Test func spanAndLookupByIds() throws {
        let store = try temporaryStore()
        #expect(try store.transferSpan() == TransferSpan(count: 0, firstAt: nil, lastAt: nil))
        try importTransfers(store, "a.csv", [makeTransfer("A", at: 100), makeTransfer("B", at: 10), makeTransfer("C", at: 50)])
        let span = try store.transferSpan()
        #expect(span.count == 3)
        #expect(span.firstAt == makeTransfer("x", at: 10).timestamp)
        #expect(span.lastAt == makeTransfer("x", at: 100).timestamp)
        let found = try store.transfers(ids: ["C", "missing", "A", "C"])
        #expect(found.map(\.transfer.id) == ["C", "A"])
        #expect(found[0].provenance == [Provenance(file: "a.csv", sha256: makeFile("a.csv").sha256, line: 4)])
    }

    @Test func statsCountEverything() throws {
        let store = try temporaryStore()
        try store.importFile(makeFile("a.csv")) { session in
            _ = try session.insert(makeTransfer("T1", at: 0, reporting: 10_000), line: 2, element: nil)
            _ = try session.insert(makeTransfer("T2", at: 60, from: "BRK-3", currency: "AED"), line: 3, element: nil)
            _ = try session.insert(makeTransfer("T3", at: 30, currency: "AED"), line: 4, element: nil)
            try session.reject(location: SourceLocation(file: "a.csv", line: 5), reason: "bad", raw: "x")
        }
        let stats = try store.stats()
        #expect(stats.brokers == 3)
        #expect(stats.parties == 6)
        #expect(stats.transfers == 3)
        #expect(stats.imports == 1)
        #expect(stats.rejects == 1)
        #expect(stats.withoutReportingAmount == 2)
        #expect(stats.currencies.map(\.currency.code) == ["AED", "USD"])
        #expect(stats.currencies.map(\.transfers) == [2, 1])
        #expect(stats.firstAt == makeTransfer("x", at: 0).timestamp)
        #expect(stats.lastAt == makeTransfer("x", at: 60).timestamp)
        let json = String(decoding: try JSONCoding.encoder().encode(stats), as: UTF8.self)
        #expect(json.contains("\"without_reporting_amount\" : 2"))
    }
}
