import HawalaCore

/// An error from the investigation use cases (review, networks, cases, selections).
public typealias InvestigationError = AreaError<InvestigationErrorCode>

/// What went wrong in an investigation use case, by kind; `InvestigationError.Code`.
public enum InvestigationErrorCode: String, ErrorCode, CaseIterable {
    /// There is no analysis run yet (exit 66).
    case noRun
    /// A finding, network or case named by the user does not exist (exit 64).
    case notFound
    /// The request itself is invalid, e.g. an empty selection (exit 64).
    case invalidRequest

    public var exitStatus: ExitStatus {
        switch self {
        case .noRun: .noInput
        case .notFound, .invalidRequest: .usage
        }
    }
}
