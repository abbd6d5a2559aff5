import HawalaCore

/// An error while simulating a network, reading ground truth or scoring findings.
public typealias SimulationError = AreaError<SimulationErrorCode>

/// What went wrong in the simulation, by kind; `SimulationError.Code`.
public enum SimulationErrorCode: String, ErrorCode, CaseIterable {
    /// The options cannot be satisfied (too few brokers for a planted pattern, a bad
    /// `--plant` spec, an unknown currency).
    case invalidOptions
    /// An input file (truth.json, nodes.csv, findings JSON) does not exist or cannot be read.
    case missingInput
    /// An input file is not in the expected format.
    case malformed
    /// Writing an output file failed.
    case io

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidOptions: .usage
        case .missingInput: .noInput
        case .malformed: .dataError
        case .io: .ioError
        }
    }
}
