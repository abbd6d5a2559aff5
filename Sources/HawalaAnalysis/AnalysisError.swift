import HawalaCore

/// An error from the link-analysis engine: a bad rules file, a bad option, bad input data.
public typealias AnalysisError = AreaError<AnalysisErrorCode>

/// What went wrong in the analysis, by kind; `AnalysisError.Code`.
public enum AnalysisErrorCode: String, ErrorCode, CaseIterable {
    /// The rules file cannot be read.
    case unreadableRules
    /// The rules file is not valid YAML/JSON, names an unknown key, or holds a bad value.
    case invalidRules
    /// An `--only` / `--skip` list names an unknown detector, or another option is wrong.
    case invalidOption
    /// The transfers handed to the graph builder are inconsistent (e.g. mixed currencies).
    case invalidInput

    public var exitStatus: ExitStatus {
        switch self {
        case .unreadableRules: .noInput
        case .invalidRules: .config
        case .invalidOption: .usage
        case .invalidInput: .dataError
        }
    }
}
