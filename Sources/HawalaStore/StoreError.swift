import HawalaCore

/// An error from the SQLite store.
public struct StoreError: HawalaError {
    /// What went wrong, by kind.
    public enum Code: String, Sendable {
        /// The database file cannot be opened or created.
        case cannotOpen
        /// The database is not a HawalaTrace database, or from a newer version.
        case incompatible
        /// A read or write failed.
        case io
        /// A requested record (run, finding, import) does not exist.
        case notFound
        /// The request itself is invalid.
        case invalidRequest
    }

    /// The kind of error.
    public var code: Code
    /// A readable message.
    public var message: String
    /// The underlying error (usually a GRDB `DatabaseError`).
    public var underlying: (any Error)?
    /// The database file, when relevant.
    public var location: SourceLocation?

    /// - Parameters:
    ///   - code: the kind.
    ///   - message: a readable message.
    ///   - location: the database file.
    ///   - underlying: the cause.
    public init(_ code: Code, _ message: String, location: SourceLocation? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .cannotOpen: .noInput
        case .incompatible, .io: .ioError
        case .notFound, .invalidRequest: .usage
        }
    }
}
