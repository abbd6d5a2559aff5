/// The exit statuses of the `hawala` command. The BSD `sysexits.h` values where one fits,
/// and our own (10–19) for the evidence-package refusals that a receiving agency scripts against.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// A general failure not covered below.
    case failure = 1
    /// The command was used wrongly (EX_USAGE).
    case usage = 64
    /// The input data was bad, e.g. a rejected row under `--strict` (EX_DATAERR).
    case dataError = 65
    /// An input file is missing or unreadable (EX_NOINPUT).
    case noInput = 66
    /// An internal error: a bug (EX_SOFTWARE).
    case software = 70
    /// An I/O error while reading or writing (EX_IOERR).
    case ioError = 74
    /// A configuration file (rules, import specification) is invalid (EX_CONFIG).
    case config = 78
    /// The evidence package cannot be decrypted with the given key.
    case cannotDecrypt = 10
    /// The signature is bad, or the signer is not trusted.
    case badSignature = 11
    /// A file in the bag does not match its checksum, or the bag is malformed.
    case checksumMismatch = 12
    /// The package was not addressed to the opening agency.
    case notAddressedToUs = 13
}

/// Where in the input something happened: a file and, when known, a line, an XML element
/// path and a field.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file's path as given.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The XML element path, e.g. `/report/transaction[3]/amount_local`, when known.
    public var element: String?
    /// The field (column or element name), when known.
    public var field: String?

    /// - Parameters:
    ///   - file: the file's path.
    ///   - line: the 1-based line.
    ///   - element: the XML element path.
    ///   - field: the field name.
    public init(file: String, line: Int? = nil, element: String? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.element = element
        self.field = field
    }

    /// `"ledger.csv:12 (field amount)"`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let element { text += " \(element)" }
        if let field { text += " (field \(field))" }
        return text
    }
}

/// What every area's error type offers the CLI: a readable message naming where, and the
/// exit status to end with. Each area (store, ingest, analysis, report, simulation, export)
/// has one error type with a `code`, a `message`, the underlying cause and the location, after
/// swift-nio's `FileSystemError`.
public protocol HawalaError: Error, CustomStringConvertible, Sendable {
    /// The exit status the CLI ends with for this error.
    var exitStatus: ExitStatus { get }
    /// A readable message saying what was expected.
    var message: String { get }
    /// The underlying cause, if any.
    var underlying: (any Error)? { get }
    /// Where: file, and line or element and field when known.
    var location: SourceLocation? { get }
}

extension HawalaError {
    /// `"ledger.csv:12 (field amount): amount '-5' is negative (underlying cause)"`.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let underlying { text += " (\(underlying))" }
        return text
    }
}

/// The kinds of error of one area (store, ingest, analysis, report, simulation), each mapped
/// to the exit status the CLI ends with.
public protocol ErrorCode: Sendable, Hashable {
    /// The exit status for an error of this kind.
    var exitStatus: ExitStatus { get }
}

/// The error type of one area: a kind (`code`), a readable message, the underlying cause and
/// where it happened. Each area names its own, e.g.
/// `public typealias IngestError = AreaError<IngestErrorCode>`, so `IngestError.Code` is that
/// area's kinds and a `catch let error as IngestError` catches exactly its errors.
public struct AreaError<Code: ErrorCode>: HawalaError {
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

    /// The exit status of ``code``.
    public var exitStatus: ExitStatus { code.exitStatus }
}
