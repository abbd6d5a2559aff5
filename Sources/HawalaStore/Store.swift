import Foundation
import GRDB
import HawalaCore
import Logging

/// The HawalaTrace database: one SQLite file (WAL mode) holding brokers, parties, transfers
/// with their provenance, imports, rejects, exchange rates, analysis runs and findings.
///
/// The file is a normal SQLite 3 database; `sqlite3 hawala.sqlite` opens it and the `v_*`
/// views show times as ISO 8601 UTC text and amounts as decimal text (see docs/schema.md).
/// All access goes through one serialized GRDB `DatabaseQueue`, so a `Store` may be shared
/// between threads.
public final class Store: Sendable {
    /// The database file's path as given (`":memory:"` is not supported: the store is a file).
    public let path: String
    let queue: DatabaseQueue
    let logger: Logger

    /// Opens the database at `path`, creating it when missing, and migrates its schema to the
    /// current version.
    ///
    /// Sets WAL journal mode (kept in the file), `synchronous = NORMAL` (a killed process
    /// never leaves a half-written transaction; WAL recovery discards it on the next open),
    /// foreign keys on, and a 64 MiB page cache for bulk loads.
    /// - Parameters:
    ///   - path: the database file, e.g. `"hawala.sqlite"`.
    ///   - logger: where to log schema migrations (stderr in the CLI).
    ///   - cacheKiB: SQLite's page cache in KiB (default 64 MiB). A transaction bigger than
    ///     the cache spills its pages into the WAL file before it commits.
    /// - Throws: ``StoreError`` `.cannotOpen` when the file cannot be opened or created,
    ///   `.incompatible` when it is not a SQLite database, not a HawalaTrace database, or was
    ///   written by a newer HawalaTrace.
    public init(path: String, logger: Logger = Logger(label: "hawala.store"), cacheKiB: Int = 65_536) throws(StoreError) {
        self.path = path
        self.logger = logger
        var configuration = Configuration()
        configuration.label = "hawala.store"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -\(max(cacheKiB, 64))")
        }
        let location = SourceLocation(file: path)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(.incompatible, "not a SQLite database", location: location, underlying: error)
        } catch {
            throw StoreError(.cannotOpen, "cannot open or create the database", location: location, underlying: error)
        }
        try Store.migrate(queue, path: path, logger: logger)
    }

    /// Runs `body` in a read transaction, mapping database errors to ``StoreError``.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try mapped(what) { try queue.read { db in try body(db) } }
    }

    /// Runs `body` in a write transaction, mapping database errors to ``StoreError``.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try mapped(what) { try queue.write { db in try body(db) } }
    }

    private func mapped<T>(_ what: String, _ operation: () throws -> T) throws(StoreError) -> T {
        do {
            return try operation()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.io, "cannot \(what)", location: SourceLocation(file: path), underlying: error)
        }
    }
}
