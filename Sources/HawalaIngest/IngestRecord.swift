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

    /// - Parameters:
    ///   - transfer: the transfer.
    ///   - brokers: broker details named by the record.
    ///   - parties: party details named by the record.
    ///   - location: where the record is.
    public init(transfer: Transfer, brokers: [Broker] = [], parties: [Party] = [], location: SourceLocation) {
        self.transfer = transfer
        self.brokers = brokers
        self.parties = parties
        self.location = location
    }
}

/// A record that failed validation: kept with its file, line or element, field and reason.
public struct RejectedRow: Sendable, Hashable {
    /// File, line or element, and the offending field.
    public var location: SourceLocation
    /// Why it was rejected, readable: `"amount '-5' is negative"`.
    public var reason: String
    /// The raw record as read (the CSV line(s), or the XML element's text).
    public var raw: String

    /// - Parameters:
    ///   - location: where, including the field.
    ///   - reason: a readable reason.
    ///   - raw: the raw record.
    public init(location: SourceLocation, reason: String, raw: String) {
        self.location = location
        self.reason = reason
        self.raw = raw
    }
}

/// What a reader yields for each record of a file.
public enum IngestRecord: Sendable, Hashable {
    /// A valid transfer.
    case transfer(TransferRow)
    /// A record that failed validation.
    case rejected(RejectedRow)
}
