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

/// docs/schema.md, "Bulk loads": a load expected to bring more rows than the database holds
/// drops the `transfers` indexes, checks ids by fingerprint and the probable duplicates exactly
/// at the end; the outcome must equal a row-by-row load of the same records.
@Suite struct BulkLoadTests {
    /// Imports `a.csv` (T1, T2), then `b.csv` with new ids, a same and a differing duplicate of
    /// `a.csv`, and a repeat within the file, as a bulk load or not; returns the session's
    /// outcomes and a dump of every table the import writes.
    func load(bulk: Bool) throws -> (outcomes: [InsertOutcome], example: String?, dump: [String]) {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("T1"), makeTransfer("T2", at: 60)])
        var outcomes: [InsertOutcome] = []
        var example: String?
        let records = [
            makeTransfer("T3", at: 120), makeTransfer("T1"), makeTransfer("T4", at: 30, from: "BRK-7"),
            makeTransfer("T2", at: 60, minor: 999), makeTransfer("T3", at: 120), makeTransfer("T5", at: 10),
        ]
        try store.importFile(makeFile("b.csv"), expectedRows: bulk ? 1_000 : 0) { session in
            for (index, record) in records.enumerated() {
                outcomes.append(try session.insert(record, line: index + 2, element: nil))
            }
            try session.finishRecords()
            example = session.firstDifference?.text
        }
        let dump = try store.queue.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT * FROM (SELECT 'transfer ' || id || ' ' || time || ' ' || sender || ' ' || amount || ' ' || import_id || ' ' || line
                        FROM transfers ORDER BY time, id)
                    UNION ALL SELECT * FROM (SELECT 'duplicate ' || transfer_id || ' ' || import_id || ' ' || line || ' ' || differs
                        FROM transfer_duplicates ORDER BY rowid)
                    UNION ALL SELECT * FROM (SELECT 'party ' || id FROM parties ORDER BY id)
                    UNION ALL SELECT * FROM (SELECT 'broker ' || id FROM brokers ORDER BY id)
                    UNION ALL SELECT 'import ' || id || ' ' || imported || ' ' || duplicates || ' ' || unconverted FROM imports
                    UNION ALL SELECT * FROM (SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfers' ORDER BY name)
                    """)
        }
        return (outcomes, example, dump)
    }

    @Test func bulkLoadStoresWhatARowByRowLoadStores() throws {
        let bulk = try load(bulk: true)
        let rowByRow = try load(bulk: false)
        #expect(bulk.outcomes == [.inserted, .deferred, .inserted, .deferred, .deferred, .inserted])
        #expect(rowByRow.outcomes == [.inserted, .duplicate(differs: false), .inserted, .duplicate(differs: true), .duplicate(differs: false), .inserted])
        #expect(bulk.dump == rowByRow.dump)
        #expect(bulk.dump.filter { $0.hasPrefix("duplicate") } == ["duplicate T1 2 3 0", "duplicate T2 2 5 1", "duplicate T3 2 6 0"])
        #expect(bulk.dump.contains("import 2 3 3 3"))
        #expect(bulk.dump.filter { $0.hasPrefix("index") } == ["index transfers_id", "index transfers_time"])
        #expect(bulk.dump.filter { $0.hasPrefix("party") }.count == 10)
        #expect(bulk.example == rowByRow.example)
        #expect(bulk.example == "id T2 at line 5: amount 9.99 USD vs 100.00 USD")
    }

    @Test func fingerprintsTellNewIdsFromHeldOnes() {
        var set = TransferIDFingerprints(capacity: 4)
        let ids = (0..<5_000).map { "T\(String($0, radix: 16))" }
        let first = ids.map { set.insert($0) }
        #expect(first.allSatisfy { $0 })
        #expect(set.count == 5_000)
        let again = ids.map { set.insert($0) }
        #expect(again.allSatisfy { !$0 })
        let other = set.insert("T-new")
        #expect(other)
        #expect(TransferIDFingerprints.fingerprint("") != 0)
    }
}
