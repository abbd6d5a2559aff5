import Foundation

/// One transfer of value between two brokers: broker A takes value from an originator,
/// broker B pays a beneficiary.
public struct Transfer: Hashable, Sendable, Codable {
    /// The transfer's identifier as given by the source (transaction number, row id).
    public var id: String
    /// When the transfer happened, in UTC.
    public var timestamp: Date
    /// The broker that sent the value (``Broker/id``).
    public var senderBroker: String
    /// The broker that received the value (``Broker/id``).
    public var receiverBroker: String
    /// The originating customer (``Party/id``), when known.
    public var originator: String?
    /// The paid customer (``Party/id``), when known.
    public var beneficiary: String?
    /// The amount as given, exact, in its original currency.
    public var amount: Money
    /// The amount in the reporting currency, or `nil` when no exchange rate was known.
    public var reportingAmount: Money?
    /// The channel (cash, wire, trade invoice, ...) when given; free text, never validated.
    public var channel: String?
    /// The source's reference or description, when given.
    public var reference: String?

    /// Creates a transfer.
    /// - Parameters:
    ///   - id: the source's identifier.
    ///   - timestamp: the time, UTC.
    ///   - senderBroker: the sending broker's id.
    ///   - receiverBroker: the receiving broker's id.
    ///   - originator: the originator's party id.
    ///   - beneficiary: the beneficiary's party id.
    ///   - amount: the amount in its original currency.
    ///   - reportingAmount: the amount in the reporting currency, if known.
    ///   - channel: the channel, if given.
    ///   - reference: the reference, if given.
    public init(
        id: String, timestamp: Date, senderBroker: String, receiverBroker: String,
        originator: String? = nil, beneficiary: String? = nil, amount: Money,
        reportingAmount: Money? = nil, channel: String? = nil, reference: String? = nil
    ) {
        self.id = id
        self.timestamp = timestamp
        self.senderBroker = senderBroker
        self.receiverBroker = receiverBroker
        self.originator = originator
        self.beneficiary = beneficiary
        self.amount = amount
        self.reportingAmount = reportingAmount
        self.channel = channel
        self.reference = reference
    }
}

/// Where a record came from: the file, its SHA-256, and the line (CSV) or element path (XML).
public struct Provenance: Hashable, Sendable, Codable {
    /// The file's path as given on import.
    public var file: String
    /// The file's SHA-256, lower-case hex.
    public var sha256: String
    /// The 1-based line where the record starts (CSV), when known.
    public var line: Int?
    /// The element path (XML), e.g. `/report/transaction[3]`, when known.
    public var element: String?

    /// - Parameters:
    ///   - file: the file's path.
    ///   - sha256: the file's SHA-256 in lower-case hex.
    ///   - line: the 1-based line of the record.
    ///   - element: the XML element path of the record.
    public init(file: String, sha256: String, line: Int? = nil, element: String? = nil) {
        self.file = file
        self.sha256 = sha256
        self.line = line
        self.element = element
    }
}
