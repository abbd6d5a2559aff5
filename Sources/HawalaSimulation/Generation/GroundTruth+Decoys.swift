import Foundation
import HawalaCore

/// The kinds of legitimate look-alikes (decoys) `hawala simulate` plants beside the
/// typologies: ordinary hawala business that resembles a typology and must not be reported
/// as it (issue 9, "Legitimate look-alikes"; docs/simulation.md).
public enum DecoyKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// A big exchange house receiving from and paying dozens of brokers every day (imitates
    /// `fan_in`, `fan_out`, `gather_scatter`, and `cycle` for its two-way correspondents:
    /// one decoy each).
    case exchangeHub = "exchange_hub"
    /// The large ordinary transfers of one pair: about 2% of ordinary transfers are trade or
    /// wholesale payments of 10,000–400,000 USD (imitates `volume_spike`).
    case largePayments = "large_payments"
    /// A ring whose value does not carry over: one hop 30–60% of the previous (imitates `cycle`).
    case leakyRing = "leaky_ring"
    /// A series by one originator just over the threshold, 100–110% of it (imitates `structuring`).
    case overThresholdSeries = "over_threshold_series"
    /// A broker paying the same 10–14 correspondents every week (imitates `fan_out`).
    case regularDistribution = "regular_distribution"
    /// A pair settling both ways in balance, week after week (imitates `cycle`).
    case balancedPair = "balanced_pair"
    /// One large payment on a pair that usually moves little (imitates `volume_spike`).
    case quietPairPayment = "quiet_pair_payment"

    /// Declaration order.
    public static func < (a: DecoyKind, b: DecoyKind) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// One legitimate look-alike planted in a simulated set: what `truth.json` lists under
/// `decoys`. A decoy is not a planted instance: findings on it alone are false positives.
public struct Decoy: Sendable, Codable, Hashable {
    /// The decoy's id within the truth file, e.g. `"D-0003"`.
    public var id: String
    /// What it is.
    public var kind: DecoyKind
    /// The typology it resembles, and must not be flagged as.
    public var imitates: Typology
    /// The brokers involved (the hub or payer first, where there is one).
    public var brokers: [String]
    /// Its transfers' ids, in time order.
    public var transferIDs: [String]
    /// The first transfer's time, UTC.
    public var firstAt: Date
    /// The last transfer's time, UTC.
    public var lastAt: Date
    /// The parameters it was drawn with (amounts in USD, durations in hours or days as named).
    public var parameters: [String: Double]
    /// A readable sentence.
    public var description: String

    /// Creates a decoy.
    /// - Parameters:
    ///   - id: the decoy id.
    ///   - kind: the kind of look-alike.
    ///   - imitates: the typology it resembles.
    ///   - brokers: the brokers involved.
    ///   - transferIDs: its transfers, in time order.
    ///   - firstAt: the first transfer's time, UTC.
    ///   - lastAt: the last transfer's time, UTC.
    ///   - parameters: named parameters (USD, hours, days, counts, ratios).
    ///   - description: a readable sentence.
    public init(
        id: String, kind: DecoyKind, imitates: Typology, brokers: [String], transferIDs: [String], firstAt: Date,
        lastAt: Date, parameters: [String: Double] = [:], description: String = ""
    ) {
        self.id = id
        self.kind = kind
        self.imitates = imitates
        self.brokers = brokers
        self.transferIDs = transferIDs
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.parameters = parameters
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, imitates, brokers
        case transferIDs = "transfer_ids"
        case firstAt = "first_at"
        case lastAt = "last_at"
        case parameters, description
    }
}
