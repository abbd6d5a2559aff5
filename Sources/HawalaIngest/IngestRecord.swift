import HawalaCore

/// One valid record read from an input file: a transfer with the brokers and parties it names.
public struct TransferRow: Sendable, Hashable {
    /// The transfer, with its amount in the original currency. ``Transfer/reportingAmount``
    /// is left `nil` by readers; the importer fills it from the store's exchange rates.
    public var transfer: Transfer
    /// Broker details the record gives (at least the sender and receiver ids).
    public var brokers: [Broker]
    /// Originator and beneficiary details the record gives.
    public var parties: [Party]
    /// The record's line (CSV) or element path (XML) in its file.
    public var location: SourceLocation
    /// Other identifiers the record gives for its brokers (table `broker_aliases`).
    public var aliases: [BrokerAlias]

    /// - Parameters:
    ///   - transfer: the transfer.
    ///   - brokers: broker details named by the record.
    ///   - parties: party details named by the record.
    ///   - location: where the record is.
    ///   - aliases: other identifiers of its brokers the record gives.
    public init(
        transfer: Transfer, brokers: [Broker] = [], parties: [Party] = [], location: SourceLocation,
        aliases: [BrokerAlias] = []
    ) {
        self.transfer = transfer
        self.brokers = brokers
        self.parties = parties
        self.location = location
        self.aliases = aliases
    }
}

/// A record that failed validation: kept with its file, line or element, field and reason.
public struct RejectedRow: Sendable, Hashable {
    /// File, line or element, and the offending field.
    public var location: SourceLocation
    /// Why it was rejected, readable: `"amount '-5' is negative"`.
    public var reason: String
    /// The raw record as read (the CSV line(s), or the XML element's text), decoded for
    /// display: a byte not valid in the file's encoding is written `\xHH`.
    public var raw: String
    /// The raw record's exact bytes as in the file (CSV), stored as a BLOB; `nil` when the
    /// record is not a byte range of the file (XML elements are re-serialised).
    public var rawBytes: [UInt8]?

    /// - Parameters:
    ///   - location: where, including the field.
    ///   - reason: a readable reason.
    ///   - raw: the raw record.
    ///   - rawBytes: the record's exact bytes, when it is a byte range of the file.
    public init(location: SourceLocation, reason: String, raw: String, rawBytes: [UInt8]? = nil) {
        self.location = location
        self.reason = reason
        self.raw = raw
        self.rawBytes = rawBytes
    }
}

/// What a reader yields for each record of a file.
public enum IngestRecord: Sendable, Hashable {
    /// A valid transfer.
    case transfer(TransferRow)
    /// A record that failed validation.
    case rejected(RejectedRow)
    /// A broker's details from a broker register (``BrokerRegisterReader``): no transfer.
    case broker(Broker, location: SourceLocation)
}

/// A streaming reader of one input file: yields one ``IngestRecord`` per record, in file
/// order, holding only a bounded buffer in memory whatever the file's size.
///
/// Implementations: the CSV reader driven by an ``ImportSpecification``-like mapping, the goAML
/// XML reader. The importer pulls records and writes them to the store in one transaction.
public protocol TransferReader {
    /// The file being read, as given.
    var path: String { get }
    /// The name of the import specification in use (e.g. `"amlsim"`), recorded with the import.
    var specificationName: String { get }
    /// The next record, or `nil` at the end of the file.
    /// - Returns: a valid transfer or a rejected record.
    /// - Throws: ``IngestError`` when the file as a whole cannot be read further (I/O error,
    ///   malformed XML, truncated quoted field at end of file); per-record problems are returned
    ///   as ``IngestRecord/rejected(_:)`` instead.
    mutating func next() throws(IngestError) -> IngestRecord?
}
