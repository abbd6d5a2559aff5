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
        // docs/schema.md "Indexes": transfers(id) unique, transfers(time); nothing per broker.
        #expect(indexes.sorted() == ["sqlite_autoindex_transfers_1", "transfers_time"])
        let all = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT tbl_name || '(' || name || ')' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1")
        }
        #expect(all == [
            "exchange_rates(exchange_rates_key)", "findings(findings_run_typology)", "rejects(rejects_import)",
            "reviews(reviews_key)", "transfer_duplicates(transfer_duplicates_import)", "transfer_duplicates(transfer_duplicates_transfer)",
            "transfers(transfers_time)",
        ])
        let columns = try store.queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('transfers_time')")
        }
        #expect(columns == ["time"])
    }
}
