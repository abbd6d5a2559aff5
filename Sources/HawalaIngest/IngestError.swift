import HawalaCore

/// An error while reading or importing an input file.
public typealias IngestError = AreaError<IngestErrorCode>

/// What went wrong in the ingest, by kind; `IngestError.Code`.
public enum IngestErrorCode: String, ErrorCode, CaseIterable {
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

    public var exitStatus: ExitStatus {
        switch self {
        case .missingInput: .noInput
        case .io, .store: .ioError
        case .malformed, .rejectedUnderStrict, .undetectedFormat: .dataError
        case .badSpecification: .config
        }
    }
}
