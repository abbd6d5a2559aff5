import HawalaCore

/// An error from the report and the graph exports.
public typealias ReportError = AreaError<ReportErrorCode>

/// What went wrong in the report, by kind; `ReportError.Code`.
public enum ReportErrorCode: String, ErrorCode, CaseIterable {
    /// A requested finding (or run) is not in the input.
    case notFound
    /// The request itself is invalid (e.g. an output path that is not a folder).
    case invalidRequest
    /// Writing an output file failed.
    case io

    public var exitStatus: ExitStatus {
        switch self {
        case .notFound, .invalidRequest: .usage
        case .io: .ioError
        }
    }
}
