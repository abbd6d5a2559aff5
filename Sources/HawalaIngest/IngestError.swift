import HawalaCore

/// An error while reading or importing an input file.
public struct IngestError: HawalaError {
    /// What went wrong, by kind.
    public enum Code: String, Sendable {
        /// The file does not exist or cannot be opened.
        case missingInput
        /// Reading failed part-way (I/O).
        case io
        /// The file is not of the expected format (malformed XML, truncated CSV, wrong header).
        case malformed
        /// A record failed validation under `--strict`.
        case rejectedUnderStrict
        /// The import specification is invalid or unknown.
        case badSpecification
        /// The format could not be detected and no specification was named.
        case undetectedFormat
        /// The store refused the write.
        case store
    }

    /// The kind of error.
    public var code: Code
    /// A readable message saying what was expected.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error)?
    /// Where: file, and line or element and field when known.
    public var location: SourceLocation?

    /// - Parameters:
    ///   - code: the kind.
    ///   - message: what was expected.
    ///   - location: where.
    ///   - underlying: the cause.
    public init(_ code: Code, _ message: String, location: SourceLocation? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .missingInput: .noInput
        case .io, .store: .ioError
        case .malformed, .rejectedUnderStrict: .dataError
        case .badSpecification: .config
        case .undetectedFormat: .usage
        }
    }
}
