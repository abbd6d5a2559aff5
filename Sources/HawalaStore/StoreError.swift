import HawalaCore

/// An error from the SQLite store.
public typealias StoreError = AreaError<StoreErrorCode>

/// What went wrong in the store, by kind; `StoreError.Code`.
public enum StoreErrorCode: String, ErrorCode, CaseIterable {
    /// The database file cannot be opened or created.
    case cannotOpen
    /// The database is not a HawalaTrace database, or from a newer version.
    case incompatible
    /// A read or write failed: disk full, I/O error, read-only file or folder.
    case io
    /// Another process holds the database locked longer than the wait allowed (exit 74).
    case locked
    /// A requested record (run, finding, import) does not exist.
    case notFound
    /// The request itself is invalid.
    case invalidRequest

    public var exitStatus: ExitStatus {
        switch self {
        case .cannotOpen: .noInput
        case .incompatible, .io, .locked: .ioError
        case .notFound, .invalidRequest: .usage
        }
    }
}
