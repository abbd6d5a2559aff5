import HawalaCore

/// An error of the matching area: identifiers that do not normalise, key files, filters and
/// private-set-intersection messages. Refused messages (decryption, signature, addressing) keep
/// the export layer's ``HawalaExport/ExportError`` and its exit statuses 10–13.
public typealias MatchingError = AreaError<MatchingErrorCode>

/// What went wrong while matching; `MatchingError.Code`.
public enum MatchingErrorCode: String, ErrorCode, CaseIterable {
    /// A key file is missing, too short or unreadable (exit 65).
    case keyMaterial
    /// A filter or exchange message is malformed: unknown format, bad counts, a value that is not
    /// a point on the curve (exit 65).
    case malformedMessage
    /// A response does not answer the request whose state we hold, or the state is not ours (exit 65).
    case mismatchedExchange
    /// A request holds more blinded keys than the responder accepts (exit 65).
    case tooLarge
    /// The request itself is invalid: no identity to match, bad options (exit 64).
    case invalidRequest
    /// Reading or writing a file failed (exit 74).
    case io
    /// An OpenSSL call failed unexpectedly (exit 70).
    case openssl

    public var exitStatus: ExitStatus {
        switch self {
        case .keyMaterial, .malformedMessage, .mismatchedExchange, .tooLarge: .dataError
        case .invalidRequest: .usage
        case .io: .ioError
        case .openssl: .software
        }
    }
}
