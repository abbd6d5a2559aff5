import HawalaCore

/// An error while simulating a network, reading ground truth or scoring findings.
public struct SimulationError: HawalaError {
    /// What went wrong, by kind.
    public enum Code: String, Sendable {
        /// The options cannot be satisfied (too few brokers for a planted pattern, a bad
        /// `--plant` spec, an unknown currency).
        case invalidOptions
        /// An input file (truth.json, nodes.csv, findings JSON) does not exist or cannot be read.
        case missingInput
        /// An input file is not in the expected format.
        case malformed
        /// Writing an output file failed.
        case io
    }

    /// The kind of error.
    public var code: Code
    /// A readable message saying what was expected.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error)?
    /// Where: file, and line and field when known.
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

    /// `usage` for bad options, `noInput` for a missing file, `dataError` for a malformed one,
    /// `ioError` for a failed write.
    public var exitStatus: ExitStatus {
        switch code {
        case .invalidOptions: .usage
        case .missingInput: .noInput
        case .malformed: .dataError
        case .io: .ioError
        }
    }
}
