import Foundation
import GRDB
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct ImportSessionTests {
    @Test func importsTransfersBrokersAndParties() throws {
        let store = try temporaryStore()
        let outcome = try store.importFile(makeFile("a.csv")) { session in
            try session.record(broker: Broker(id: "BRK-1", name: "Kabul Exchange", country: "AF"))
            try session.record(party: Party(id: "P-T1", name: "A. Rahim", kind: .person))
            #expect(try session.insert(makeTransfer("T1"), line: 2, element: nil) == .inserted)
            #expect(try session.insert(makeTransfer("T2", from: "BRK-3"), line: 3, element: nil) == .inserted)
            try session.reject(
                location: SourceLocation(file: "a.csv", line: 4, field: "amount"), reason: "amount '-5' is negative", raw: "x,-5")
        }
        guard case .imported(let stored) = outcome else {
            Issue.record("expected imported, got \(outcome)")
            return
        }
        #expect(stored.imported == 2 && stored.rejected == 1 && stored.duplicates == 0)
        #expect(stored.unconverted == 2)
        #expect(stored.finishedAt != nil)
        #expect(try store.brokers().map(\.id) == ["BRK-1", "BRK-2", "BRK-3"])
        #expect(try store.broker(id: "BRK-1") == Broker(id: "BRK-1", name: "Kabul Exchange", country: "AF"))
        #expect(try store.broker(id: "nope") == nil)
        let parties = try store.parties()
        #expect(parties.count == 4)
        #expect(parties.first { $0.id == "P-T1" } == Party(id: "P-T1", name: "A. Rahim", kind: .person))
        #expect(try store.brokers(ids: ["BRK-3", "nope", "BRK-1", "BRK-3"]).map(\.id) == ["BRK-3", "BRK-1"])
        #expect(try store.parties(ids: ["P-T1", "nope"]) == [Party(id: "P-T1", name: "A. Rahim", kind: .person)])
    }

    @Test func laterDetailsFillButNeverErase() throws {
        let store = try temporaryStore()
        try store.importFile(makeFile("a.csv")) { session in
            try session.record(broker: Broker(id: "B", name: "Old", country: "AE"))
        }
        try store.importFile(makeFile("b.csv")) { session in
            try session.record(broker: Broker(id: "B", licence: "L-1"))
            try session.record(broker: Broker(id: "B", name: "New"))
        }
        #expect(try store.broker(id: "B") == Broker(id: "B", name: "New", country: "AE", licence: "L-1"))
    }

    @Test func sameSHA256IsNotImportedTwice() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("T1")])
        var called = false
        let outcome = try store.importFile(makeFile("a.csv")) { _ in called = true }
        #expect(!called)
        guard case .alreadyImported(let earlier) = outcome else {
            Issue.record("expected alreadyImported")
            return
        }
        #expect(earlier.id == 1)
        #expect(try store.imports().count == 1)
        #expect(try store.importRecord(sha256: makeFile("a.csv").sha256)?.id == 1)
    }

    @Test func duplicateIdAcrossFilesIsOneRowWithTwoProvenances() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("T1"), makeTransfer("T2")])
        var outcomes: [InsertOutcome] = []
        let outcome = try store.importFile(makeFile("b.xml")) { session in
            outcomes.append(try session.insert(makeTransfer("T1"), line: nil, element: "/report/transaction[1]"))
            outcomes.append(try session.insert(makeTransfer("T2", minor: 999), line: nil, element: "/report/transaction[2]"))
            outcomes.append(try session.insert(makeTransfer("T3"), line: nil, element: "/report/transaction[3]"))
        }
        #expect(outcomes == [.duplicate(differs: false), .duplicate(differs: true), .inserted])
        guard case .imported(let stored) = outcome else {
            Issue.record("expected imported, got \(outcome)")
            return
        }
        #expect(stored.imported == 1 && stored.duplicates == 2)
        #expect(try store.transferSpan().count == 3)
        let found = try store.transfers(ids: ["T1"])
        #expect(found.count == 1)
        #expect(found[0].provenance.map(\.file) == ["a.csv", "b.xml"])
        #expect(found[0].provenance[0].line == 2)
        #expect(found[0].provenance[1].element == "/report/transaction[1]")
        #expect(found[0].provenance[0].sha256 == makeFile("a.csv").sha256)
        #expect(try store.stats().duplicates == 2)
    }

    @Test func aThrowingBodyLeavesNothing() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("T1")])
        #expect(throws: Boom.self) {
            try store.importFile(makeFile("b.csv")) { session in
                _ = try session.insert(makeTransfer("T2", from: "BRK-9"), line: 2, element: nil)
                try session.reject(location: SourceLocation(file: "b.csv", line: 3), reason: "bad", raw: "x")
                throw Boom()
            }
        }
        #expect(try store.imports().count == 1)
        #expect(try store.transferSpan().count == 1)
        #expect(try store.broker(id: "BRK-9") == nil)
        #expect(try store.rejects().isEmpty)
        // The same file can be imported afterwards.
        guard case .imported = try importTransfers(store, "b.csv", [makeTransfer("T2")]) else {
            Issue.record("expected a fresh import")
            return
        }
    }

    @Test func rejectsAreListedPerImport() throws {
        let store = try temporaryStore()
        for name in ["a.csv", "b.csv"] {
            try store.importFile(makeFile(name)) { session in
                try session.reject(
                    location: SourceLocation(file: name, line: 7, field: "currency"),
                    reason: "'XYZ' is not an ISO 4217 currency code", raw: "T9,XYZ")
            }
        }
        #expect(try store.rejects().count == 2)
        let second = try store.rejects(import: 2)
        #expect(second.count == 1)
        #expect(second[0].location == SourceLocation(file: "b.csv", line: 7, field: "currency"))
        #expect(second[0].raw == "T9,XYZ")
        #expect { try store.rejects(import: 99) } throws: { ($0 as? StoreError)?.code == .notFound }
    }
}
