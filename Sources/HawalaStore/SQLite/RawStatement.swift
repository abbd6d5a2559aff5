import GRDB
import GRDBSQLite

/// The SQLite destructor constant telling `sqlite3_bind_text` to copy the bytes.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared GRDB statement driven through the SQLite C API on its `sqlite3_stmt`.
///
/// The bulk-insert hot path binds and steps here: GRDB's own statement API measured about
/// half the C rate (docs/benchmarks.md, ../shared/notes/algorithms.md "Ingest into SQLite").
/// The GRDB `Statement` is kept alive so the `sqlite3_stmt` stays valid; it is finalized by GRDB.
struct RawStatement {
    let statement: Statement
    let connection: SQLiteConnection

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    var handle: OpaquePointer { statement.sqliteStatement }

    /// Binds text (or NULL) to the 1-based parameter `index`.
    @inline(__always)
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                handle, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count), sqliteTransient)
        }
    }

    /// Binds a BLOB (or NULL) to the 1-based parameter `index`.
    func bind(_ index: Int32, _ bytes: [UInt8]?) {
        guard let bytes else {
            sqlite3_bind_null(handle, index)
            return
        }
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), sqliteTransient)
        }
    }

    /// Binds an integer (or NULL) to the 1-based parameter `index`.
    @inline(__always)
    func bind(_ index: Int32, _ value: Int64?) {
        if let value {
            sqlite3_bind_int64(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    /// Binds a double to the 1-based parameter `index`.
    @inline(__always)
    func bind(_ index: Int32, _ value: Double) {
        sqlite3_bind_double(handle, index, value)
    }

    /// Steps once.
    /// - Returns: `true` when a row is available, `false` when done.
    /// - Throws: GRDB `DatabaseError` with SQLite's message.
    @inline(__always)
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Steps to completion of a write and resets the statement for the next bindings.
    /// - Returns: the number of rows changed (`sqlite3_changes`).
    @inline(__always)
    func run() throws -> Int32 {
        _ = try step()
        let changes = sqlite3_changes(connection)
        sqlite3_reset(handle)
        return changes
    }

    /// Steps a write once and resets; a UNIQUE-constraint violation is returned as `false`
    /// instead of thrown (the statement alone is undone, the transaction goes on).
    /// - Returns: `true` when the row was written, `false` on a UNIQUE conflict.
    /// - Throws: GRDB `DatabaseError` for any other failure.
    @inline(__always)
    func runUnlessDuplicate() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE {
            sqlite3_reset(handle)
            return true
        }
        let extended = sqlite3_extended_errcode(connection)
        let message = String(cString: sqlite3_errmsg(connection))
        sqlite3_reset(handle)
        // SQLITE_CONSTRAINT_UNIQUE = 19 | 8 << 8, SQLITE_CONSTRAINT_PRIMARYKEY = 19 | 6 << 8 (sqlite3.h macros).
        if extended == SQLITE_CONSTRAINT | (8 << 8) || extended == SQLITE_CONSTRAINT | (6 << 8) { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
    }

    /// Resets after reading rows.
    @inline(__always)
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Text of the 0-based result column, or `nil` for NULL.
    @inline(__always)
    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Integer of the 0-based result column, or `nil` for NULL.
    @inline(__always)
    func int64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}
