import Foundation
import GRDB
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct StoreSchemaTests {
    @Test func createsFileWithWALAndAllMigrations() throws {
        let store = try temporaryStore()
        #expect(FileManager.default.fileExists(atPath: store.path))
        let mode = try store.queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try store.queue.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Store.migrationIDs))
        let tables = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        }
        for name in [
            "brokers", "parties", "transfers", "transfer_duplicates", "imports", "rejects", "exchange_rates",
            "analysis_runs", "findings", "currencies", "transfer_provenance", "v_transfers", "v_imports", "v_rejects",
            "v_analysis_runs", "v_findings",
        ] {
            #expect(tables.contains(name), "missing \(name)")
        }
    }

    @Test func reopeningKeepsDataAndSchema() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", [makeTransfer("T1")])
        let again = try Store(path: store.path)
        #expect(try again.transferSpan().count == 1)
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let store = try temporaryStore()
        let path = store.path + ".txt"
        try Data("id,amount\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try Store(path: path) } throws: { ($0 as? StoreError)?.code == .incompatible }
    }

    @Test func refusesAnotherApplicationsDatabase() throws {
        let store = try temporaryStore()
        let path = store.path + ".other"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE customers (id INTEGER)") }
        #expect { try Store(path: path) } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .incompatible && error.description.contains("customers")
        }
    }

    @Test func refusesANewerSchema() throws {
        let store = try temporaryStore()
        try store.queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v9-future')")
        }
        #expect { try Store(path: store.path) } throws: { ($0 as? StoreError)?.code == .incompatible }
    }

    @Test func cannotOpenInAMissingDirectory() {
        #expect { try Store(path: "/nonexistent-dir-\(UUID().uuidString)/x.sqlite") } throws: { error in
            (error as? StoreError)?.exitStatus == .noInput
        }
    }

    @Test func viewsShowISOTimesAndDecimalAmounts() throws {
        let store = try temporaryStore()
        try importTransfers(
            store, "a.csv",
            [
                makeTransfer("T1", at: 3_661, minor: 4_820_005, reporting: 4_820_005),
                makeTransfer("T2", minor: 1_234, currency: "KWD"), makeTransfer("T3", minor: 500, currency: "JPY"),
            ])
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, time, amount, reporting_amount, no_rate, file, line FROM v_transfers ORDER BY id")
        }
        #expect(rows.count == 3)
        #expect(rows[0]["time"] as String == "2026-01-01T01:01:01Z")
        #expect(rows[0]["amount"] as String == "48200.05")
        #expect(rows[0]["reporting_amount"] as String == "48200.05")
        #expect(rows[0]["file"] as String == "a.csv")
        #expect(rows[0]["line"] as Int == 2)
        #expect(rows[1]["amount"] as String == "1.234")
        #expect(rows[1]["no_rate"] as Int == 1)
        #expect(rows[2]["amount"] as String == "500")
        let started = try store.queue.read { db in try String.fetchOne(db, sql: "SELECT started_at FROM v_imports") }
        #expect(started?.hasSuffix("Z") == true)
    }

    @Test func secondaryIndexesExistAfterImport() throws {
        let store = try temporaryStore()
        try importTransfers(store, "a.csv", (0..<10).map { makeTransfer("T\($0)", at: Int64($0)) })
        let indexes = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfers'")
        }
        // docs/schema.md "Indexes": transfers(id) unique (named, so a bulk load can drop and
        // rebuild it), transfers(time); nothing per broker.
        #expect(indexes.sorted() == ["transfers_id", "transfers_time"])
        let all = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT tbl_name || '(' || name || ')' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1")
        }
        #expect(all == [
            "exchange_rates(exchange_rates_key)", "findings(findings_run_typology)", "rejects(rejects_import)",
            "reviews(reviews_key)", "transfer_duplicates(transfer_duplicates_import)", "transfer_duplicates(transfer_duplicates_transfer)",
            "transfers(transfers_id)", "transfers(transfers_time)",
        ])
        let unique = try store.queue.read { db in
            try Int.fetchOne(db, sql: "SELECT \"unique\" FROM pragma_index_list('transfers') WHERE name = 'transfers_id'")
        }
        #expect(unique == 1)
        let columns = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('transfers_time')")
        }
        #expect(columns == ["time"])
    }
}

@Suite struct TransfersMigrationTests {
    /// Migration `v3-ingest` (docs/schema.md, "Bulk loads"): a database written before it keeps
    /// every transfer, column and view, and its id's uniqueness becomes the index `transfers_id`.
    @Test func migratesAVersion2DatabaseKeepingTransfersAndViews() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("v2.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "v2-review-cases")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO imports(id, path, sha256, size, specification, reporting_currency, started_at, imported, duplicates)
                            VALUES (1, 'a.csv', 'aa', 10, 'canonical', 'USD', 0, 2, 1);
                        INSERT INTO transfers(seq, id, time, sender, receiver, originator, beneficiary, amount, currency,
                                reporting_amount, reporting_currency, channel, reference, import_id, line, kind, local_amount, local_currency)
                            VALUES (1, 'T1', 1767225600, 'B1', 'B2', 'P1', 'P2', 4820005, 'USD', 4820005, 'USD', 'cash', 'r', 1, 2, 'transfer', NULL, NULL),
                                   (2, 'T2', 1767225660, 'B2', 'B1', NULL, NULL, 1234, 'KWD', NULL, NULL, NULL, NULL, 1, 3, 'cash_deposit', 500, 'AFN');
                        INSERT INTO transfer_duplicates(transfer_id, import_id, line, differs) VALUES ('T1', 1, 4, 0);
                        """)
            }
        }
        let store = try Store(path: path)
        let applied = try store.queue.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Store.migrationIDs))
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, time, amount, currency, no_rate, file, line, kind, local_amount FROM v_transfers ORDER BY id")
        }
        #expect(rows.map { $0["id"] as String } == ["T1", "T2"])
        #expect(rows[0]["time"] as String == "2026-01-01T00:00:00Z")
        #expect(rows[0]["amount"] as String == "48200.05")
        #expect(rows[0]["file"] as String == "a.csv")
        #expect(rows[1]["amount"] as String == "1.234" && rows[1]["no_rate"] as Int == 1)
        #expect(rows[1]["kind"] as String == "cash_deposit" && rows[1]["local_amount"] as String == "5.00")
        let provenance = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT transfer_id || ':' || line || ':' || first FROM transfer_provenance ORDER BY 1")
        }
        #expect(provenance == ["T1:2:1", "T1:4:0", "T2:3:1"])
        let indexes = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfers' ORDER BY name")
        }
        #expect(indexes == ["transfers_id", "transfers_time"])
        let columns = try store.queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('transfers')") }
        #expect(columns.first == "seq" && columns.last == "received_currency" && columns.count == 21)
        // The id is still unique.
        #expect(throws: DatabaseError.self) {
            try store.queue.write { db in
                try db.execute(
                    sql: "INSERT INTO transfers(id, time, sender, receiver, amount, currency, import_id) VALUES ('T1', 0, 'B1', 'B2', 1, 'USD', 1)")
            }
        }
        // And a duplicate of a migrated transfer is found by the next import.
        let outcome = try importTransfers(store, "b.csv", [makeTransfer("T1"), makeTransfer("T3")])
        guard case .imported(let stored) = outcome else {
            Issue.record("expected imported, got \(outcome)")
            return
        }
        #expect(stored.imported == 1 && stored.duplicates == 1)
    }
}
