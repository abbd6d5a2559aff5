import HawalaCore

/// An error from the report and the graph exports.
public struct ReportError: HawalaError {
    /// What went wrong, by kind.
    public enum Code: String, Sendable {
        /// A requested finding (or run) is not in the input.
        case notFound
        /// The request itself is invalid (e.g. an output path that is not a folder).
        case invalidRequest
        /// Writing an output file failed.
        case io
    }

    /// The kind of error.
    public var code: Code
    /// A readable message.
    public var message: String
    /// The underlying error, e.g. the file system's.
    public var underlying: (any Error)?
    /// The output file, when relevant.
    public var location: SourceLocation?

    /// - Parameters:
    ///   - code: the kind.
    ///   - message: a readable message.
    ///   - location: the file concerned.
    ///   - underlying: the cause.
    public init(_ code: Code, _ message: String, location: SourceLocation? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .notFound, .invalidRequest: .usage
        case .io: .ioError
        }
    }
}
