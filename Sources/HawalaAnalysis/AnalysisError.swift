import HawalaCore

/// An error from the link-analysis engine: a bad rules file, a bad option, bad input data.
public struct AnalysisError: HawalaError {
    /// What went wrong, by kind.
    public enum Code: String, Sendable {
        /// The rules file cannot be read.
        case unreadableRules
        /// The rules file is not valid YAML/JSON, names an unknown key, or holds a bad value.
        case invalidRules
        /// An `--only` / `--skip` list names an unknown detector, or another option is wrong.
        case invalidOption
        /// The transfers handed to the graph builder are inconsistent (e.g. mixed currencies).
        case invalidInput
    }

    /// The kind of error.
    public var code: Code
    /// A readable message naming the key, value or option at fault.
    public var message: String
    /// The underlying error (a Yams or Foundation decoding error), when any.
    public var underlying: (any Error)?
    /// The rules file (and field) at fault, when relevant.
    public var location: SourceLocation?

    /// - Parameters:
    ///   - code: the kind.
    ///   - message: a readable message.
    ///   - location: the file and field at fault.
    ///   - underlying: the cause.
    public init(_ code: Code, _ message: String, location: SourceLocation? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var exitStatus: ExitStatus {
        switch code {
        case .unreadableRules: .noInput
        case .invalidRules: .config
        case .invalidOption: .usage
        case .invalidInput: .dataError
        }
    }
}
