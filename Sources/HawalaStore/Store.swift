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

    /// How a ``Store`` is opened.
    public enum Access: Sendable {
        /// Read and write; creates the file when missing and sets WAL mode.
        case readWrite
        /// Read only: the file, its folder and its journal mode are never changed, so a
        /// write-protected evidence copy or a read-only mount works (issue 14, item 7). When no
        /// `-wal` file lies beside the database (no writer has it open), the file is opened
        /// `immutable` (SQLite URI parameter: no lock, no `-shm`/`-wal` created); else read-only
        /// through the WAL, which sees the writer's committed transactions.
        case readOnly
    }

    /// Opens the database at `path`, creating it when missing, and migrates its schema to the
    /// current version (``Access/readWrite``), or opens an existing one without changing it
    /// (``Access/readOnly``).
    ///
    /// Read-write sets WAL journal mode (kept in the file), `synchronous = NORMAL` (a killed process
    /// never leaves a half-written transaction; WAL recovery discards it on the next open),
    /// foreign keys on, and a 64 MiB page cache for bulk loads.
    /// - Parameters:
    ///   - path: the database file, e.g. `"hawala.sqlite"`.
    ///   - logger: where to log schema migrations (stderr in the CLI).
    ///   - cacheKiB: SQLite's page cache in KiB (default 64 MiB). A transaction bigger than
    ///     the cache spills its pages into the WAL file before it commits.
    ///   - access: read-write (default) or read-only.
    ///   - wait: how long to wait for another process's write transaction (e.g. another
    ///     import) to end before giving up, in seconds; `nil` waits as long as it runs.
    ///     Default 10 s.
    ///   - onWait: called once, on the waiting thread, when this store starts waiting for another
    ///     writer (the CLI prints a line saying so).
    /// - Throws: ``StoreError`` `.cannotOpen` when the file cannot be opened or created (missing
    ///   folder; exit 66), `.locked` when another process holds the database locked, `.io` for
    ///   disk full, I/O errors or a read-only file or folder opened for writing (exit 74),
    ///   `.incompatible` when it is not a SQLite database, not a HawalaTrace database, or was
    ///   written by a newer HawalaTrace (or, read-only, an older one that needs its schema
    ///   upgraded).
    public init(
        path: String, logger: Logger = Logger(label: "hawala.store"), cacheKiB: Int = 65_536, access: Access = .readWrite,
        wait: Double? = 10, onWait: (@Sendable () -> Void)? = nil
    ) throws(StoreError) {
        self.path = path
        self.logger = logger
        var configuration = Configuration()
        configuration.label = "hawala.store"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .callback(Store.busyCallback(wait: wait, onWait: onWait))
        let location = SourceLocation(file: path)
        var openPath = path
        switch access {
        case .readWrite:
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -\(max(cacheKiB, 64))")
            }
        case .readOnly:
            configuration.readonly = true
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(max(cacheKiB, 64))") }
            if !FileManager.default.fileExists(atPath: path + "-wal") { openPath = Store.immutableURI(path) }
        }
        do {
            queue = try DatabaseQueue(path: openPath, configuration: configuration)
        } catch let error as DatabaseError {
            throw Store.openError(error, path: path, location: location)
        } catch {
            throw StoreError(.cannotOpen, "cannot open or create the database", location: location, underlying: error)
        }
        switch access {
        case .readWrite: try Store.migrate(queue, path: path, logger: logger)
        case .readOnly: try Store.checkSchema(queue, path: path)
        }
    }

    /// A SQLite URI opening `path` read-only and immutable (RFC 3986 escapes for `%`, `?`, `#`).
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for c in path.unicodeScalars {
            switch c {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(c)
            }
        }
        return "file:\(escaped)?mode=ro&immutable=1"
    }

    /// The ``StoreError`` for a failed open, by SQLite's result code.
    static func openError(_ error: DatabaseError, path: String, location: SourceLocation) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return StoreError(.incompatible, "not a SQLite database", location: location, underlying: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .locked, "the database is locked by another process (another import?); try again when it ends, or give --wait SECONDS",
                location: location, underlying: error)
        case .SQLITE_FULL:
            return StoreError(.io, "the disk is full", location: location, underlying: error)
        case .SQLITE_READONLY:
            return StoreError(
                .io, "the database or its folder is read-only; read-only commands (stats, findings, report, export ...) still work",
                location: location, underlying: error)
        case .SQLITE_IOERR:
            return StoreError(.io, "I/O error on the database", location: location, underlying: error)
        default:
            if FileManager.default.fileExists(atPath: path) {
                return StoreError(.io, "cannot open the database (is its folder writable?)", location: location, underlying: error)
            }
            return StoreError(.cannotOpen, "cannot open or create the database", location: location, underlying: error)
        }
    }

    /// SQLite's busy handler: waits (sleeping 20–100 ms between tries) while another
    /// connection holds the lock, up to `wait` seconds (`nil`: as long as it takes), calling
    /// `onWait` once when the wait has lasted a second.
    static func busyCallback(wait: Double?, onWait: (@Sendable () -> Void)?) -> Database.BusyCallback {
        let state = BusyWaitState()
        return { tries in
            let now = DispatchTime.now().uptimeNanoseconds
            let waited = Double(now - state.begin(tries: tries, now: now)) / 1e9
            if let wait, waited >= wait { return false }
            if waited >= 1, let onWait { state.announceOnce(onWait) }
            usleep(useconds_t(min(20_000 * (tries + 1), 100_000)))
            return true
        }
    }

    /// Closes the connection, then deletes the database file and its `-wal`, `-shm` and
    /// `-journal` companions: for a database this process created and could not fill (a
    /// failed first import), so no empty database or WAL file is left behind (issue 14, item 7).
    /// Errors are ignored: there is nothing more to do about them.
    public func closeAndRemoveFiles() {
        try? queue.close()
        Store.removeFiles(path: path)
    }

    /// Deletes a database file and its `-wal`, `-shm` and `-journal` companions, when present.
    /// - Parameter path: the database file.
    public static func removeFiles(path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
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
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw StoreError(
                .locked, "cannot \(what): another process is writing to the database (another import?) and did not finish in time",
                location: SourceLocation(file: path), underlying: error)
        } catch {
            throw StoreError(.io, "cannot \(what)", location: SourceLocation(file: path), underlying: error)
        }
    }
}

/// The start of the current wait for a lock, shared by one connection's busy-handler calls.
final class BusyWaitState: @unchecked Sendable {
    private let lock = NSLock()
    private var started: UInt64 = 0
    private var announced = false

    /// The time the current wait began (`now` when `tries` is 0: a new wait).
    func begin(tries: Int, now: UInt64) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if tries == 0 || started == 0 { started = now }
        return started
    }

    /// Calls `announce` the first time only.
    func announceOnce(_ announce: () -> Void) {
        lock.lock()
        let first = !announced
        announced = true
        lock.unlock()
        if first { announce() }
    }
}
