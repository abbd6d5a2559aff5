import Foundation
import HawalaCore
import HawalaInvestigation
import HawalaStore

// The glue between the options and the use cases: open the database, hand it to
// HawalaInvestigation. Every rule lives in the library modules.

extension GlobalOptions {
    /// Opens the database named by `--db`.
    /// - Parameters:
    ///   - mustExist: refuse to create a new, empty database (for commands that read).
    ///   - access: `.readOnly` (default) for commands that only read: they then work on a
    ///     write-protected copy or a read-only mount and never change the file.
    /// - Returns: the store.
    /// - Throws: ``StoreError`` `.cannotOpen` when the file is missing and `mustExist`.
    func openStore(mustExist: Bool, access: Store.Access = .readOnly) throws -> Store {
        if mustExist && !FileManager.default.fileExists(atPath: db) {
            throw StoreError(
                .cannotOpen,
                "no database here; import files first with `hawala ingest --db \(db) FILE...`, or name one with --db",
                location: SourceLocation(file: db))
        }
        // An empty (0-byte) file holds nothing to protect: it gets the schema as before.
        let size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? NSNumber)?.intValue ?? -1
        return try Store(path: db, logger: logger("hawala.store"), access: size == 0 ? .readWrite : access)
    }

    /// The investigation use cases over the database named by `--db` (which must exist).
    /// - Parameter access: `.readWrite` for the commands that record something (review, case
    ///   open/add); read-only otherwise, so listings work on a write-protected evidence copy.
    /// - Throws: ``StoreError`` `.cannotOpen` when the file is missing.
    func investigation(access: Store.Access = .readOnly) throws -> Investigation {
        Investigation(store: try openStore(mustExist: true, access: access))
    }
}

/// Reads a run (the given id, else the latest) and its findings.
/// - Throws: see ``Investigation/loadRun(_:)``.
func loadRun(_ store: Store, id runID: String?) throws -> LoadedRun {
    try Investigation(store: store).loadRun(runID)
}

/// Who is reviewing: `--by`, else the session's user name (`$USER`, `$LOGNAME`, then the
/// account name).
func sessionUser(_ by: String?) -> String {
    if let by { return by }
    let environment = ProcessInfo.processInfo.environment
    return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
}

/// Now, in whole seconds (UTC), as the review log and cases store times.
func wholeSecondsNow() -> Date {
    Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
}
