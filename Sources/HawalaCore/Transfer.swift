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
    /// What kind of movement this is (default: a transfer between two brokers).
    public var kind: TransferKind
    /// The same transfer in the reporting institution's local currency, when the source gives
    /// it beside a foreign ``amount`` (goAML `amount_local` in `currency_code_local`).
    public var localAmount: Money?
    /// The amount the receiving side got in its own currency, when the source gives it beside
    /// the amount paid (AMLworld `Amount Received` in `Receiving Currency`).
    public var receivedAmount: Money?

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
    ///   - kind: transfer (default), cash deposit or cash withdrawal.
    ///   - localAmount: the amount in the reporting institution's local currency, if given beside a foreign amount.
    ///   - receivedAmount: the amount received in the receiving currency, if given beside the amount paid.
    public init(
        id: String, timestamp: Date, senderBroker: String, receiverBroker: String,
        originator: String? = nil, beneficiary: String? = nil, amount: Money,
        reportingAmount: Money? = nil, channel: String? = nil, reference: String? = nil,
        kind: TransferKind = .transfer, localAmount: Money? = nil, receivedAmount: Money? = nil
    ) {
        self.kind = kind
        self.localAmount = localAmount
        self.receivedAmount = receivedAmount
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

extension Transfer {
    enum CodingKeys: String, CodingKey {
        case id, timestamp, senderBroker, receiverBroker, originator, beneficiary, amount, reportingAmount
        case channel, reference, kind, localAmount, receivedAmount
    }

    /// Decodes a transfer; `kind` defaults to `transfer` when absent (JSON written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), timestamp: try c.decode(Date.self, forKey: .timestamp),
            senderBroker: try c.decode(String.self, forKey: .senderBroker),
            receiverBroker: try c.decode(String.self, forKey: .receiverBroker),
            originator: try c.decodeIfPresent(String.self, forKey: .originator),
            beneficiary: try c.decodeIfPresent(String.self, forKey: .beneficiary),
            amount: try c.decode(Money.self, forKey: .amount),
            reportingAmount: try c.decodeIfPresent(Money.self, forKey: .reportingAmount),
            channel: try c.decodeIfPresent(String.self, forKey: .channel),
            reference: try c.decodeIfPresent(String.self, forKey: .reference),
            kind: try c.decodeIfPresent(TransferKind.self, forKey: .kind) ?? .transfer,
            localAmount: try c.decodeIfPresent(Money.self, forKey: .localAmount),
            receivedAmount: try c.decodeIfPresent(Money.self, forKey: .receivedAmount))
    }
}

/// What kind of movement a ``Transfer`` records. Only `transfer`s are edges between brokers in
/// the analysis; cash deposits and withdrawals are kept with their side roles (the customer as
/// originator or beneficiary, the institution as both brokers) and shown, but never read as
/// broker-to-broker value (goAML: the same institution on both sides, or one side with none).
public enum TransferKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Value moved from one broker to another (the default).
    case transfer
    /// Cash paid in at a broker: the depositor is the originator.
    case cashDeposit = "cash_deposit"
    /// Cash paid out by a broker: the recipient is the beneficiary.
    case cashWithdrawal = "cash_withdrawal"
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
