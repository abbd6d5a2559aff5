import Foundation

/// The kinds of pattern the link-analysis engine flags.
///
/// Raw values are the names used on the command line, in rules files and in JSON.
public enum Typology: String, Sendable, Codable, CaseIterable, Comparable {
    /// A closed simple path of transfers in time order (a settlement cycle).
    case cycle
    /// Many counterparties paying one broker within a window.
    case fanIn = "fan_in"
    /// One broker paying many counterparties within a window.
    case fanOut = "fan_out"
    /// A → many intermediaries → C.
    case scatterGather = "scatter_gather"
    /// Many → B → many.
    case gatherScatter = "gather_scatter"
    /// Repeated amounts just under a reporting threshold.
    case structuring
    /// Value into a broker and out again at once, chained over several brokers.
    case rapidPassThrough = "rapid_pass_through"
    /// A broker pair's volume far above its own baseline.
    case volumeSpike = "volume_spike"
    /// A large, one-sided net position between two brokers (settlement happens elsewhere).
    case settlementImbalance = "settlement_imbalance"
    /// Brokers in a ring each paying the next about the same amount within one settlement
    /// period, in any time order (period netting around a ring).
    case settlementRing = "settlement_ring"

    public static func < (lhs: Typology, rhs: Typology) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One flagged pattern with the transfers that prove it.
///
/// Encodes to the JSON shape of `hawala findings --format json`:
/// `{"id", "typology", "score", "brokers", "transfer_ids", "amount", "currency",
/// "first_at", "last_at", "explanation"}` with times in ISO 8601 UTC (use
/// ``JSONCoding/encoder()``).
public struct Finding: Hashable, Sendable, Codable, Identifiable {
    /// Stable within a run, e.g. `"F-000042"`.
    public var id: String
    /// The pattern kind.
    public var typology: Typology
    /// The detector's score, 0...1 unless the detector's documentation says otherwise.
    public var score: Double
    /// The brokers involved, in pattern order (a cycle lists its start broker once).
    public var brokers: [String]
    /// The ids of the transfers that prove the finding, in time order.
    public var transferIDs: [String]
    /// The total amount of those transfers in major units of ``currency``.
    public var amount: Double
    /// The reporting currency.
    public var currency: CurrencyCode
    /// The first transfer's time, UTC.
    public var firstAt: Date
    /// The last transfer's time, UTC.
    public var lastAt: Date
    /// One sentence an analyst can read.
    public var explanation: String

    /// Creates a finding.
    /// - Parameters:
    ///   - id: the finding's id within its run.
    ///   - typology: the pattern kind.
    ///   - score: the detector's score.
    ///   - brokers: the brokers in pattern order.
    ///   - transferIDs: the proving transfers, in time order.
    ///   - amount: the total in major units of `currency`.
    ///   - currency: the reporting currency.
    ///   - firstAt: the first transfer's time, UTC.
    ///   - lastAt: the last transfer's time, UTC.
    ///   - explanation: a readable sentence.
    public init(
        id: String, typology: Typology, score: Double, brokers: [String], transferIDs: [String],
        amount: Double, currency: CurrencyCode, firstAt: Date, lastAt: Date, explanation: String
    ) {
        self.id = id
        self.typology = typology
        self.score = score
        self.brokers = brokers
        self.transferIDs = transferIDs
        self.amount = Finding.rounded(amount, to: currency)
        self.currency = currency
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.explanation = explanation
    }

    /// Rounds a major-unit amount to the currency's minor unit (2 digits for USD), so sums of
    /// binary floating-point amounts print as `58892.99`, not `58892.990000000005`.
    /// - Parameters:
    ///   - amount: major units.
    ///   - currency: the currency whose ISO 4217 minor unit applies.
    /// - Returns: the rounded amount.
    public static func rounded(_ amount: Double, to currency: CurrencyCode) -> Double {
        let scale = pow(10, Double(currency.minorUnitDigits))
        return (amount * scale).rounded() / scale
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(typology, forKey: .typology)
        try container.encode(score, forKey: .score)
        try container.encode(brokers, forKey: .brokers)
        try container.encode(transferIDs, forKey: .transferIDs)
        try container.encode(Finding.rounded(amount, to: currency), forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(firstAt, forKey: .firstAt)
        try container.encode(lastAt, forKey: .lastAt)
        try container.encode(explanation, forKey: .explanation)
    }

    enum CodingKeys: String, CodingKey {
        case id, typology, score, brokers
        case transferIDs = "transfer_ids"
        case amount, currency
        case firstAt = "first_at"
        case lastAt = "last_at"
        case explanation
    }
}
