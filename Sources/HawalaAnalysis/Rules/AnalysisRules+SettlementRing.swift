/// Rules of the `settlement_ring` detector (``SettlementRingDetector``): period netting
/// around a ring of brokers. Amounts in major units of the reporting currency; the period in
/// days.
public struct SettlementRingRules: Codable, Sendable, Equatable {
    /// Whether the detector runs (off by default: see docs/detectors.md).
    public var enabled = false
    /// The settlement period: every transfer of the ring within this many days of the
    /// ring's first transfer (inclusive), in any time order.
    public var periodDays = 30.0
    /// The amounts agree: largest ≤ smallest × (1 + this). 0.05 = within 5%.
    public var amountTolerance = 0.05
    /// The fewest brokers (= transfers) in a ring; at least 2. Two brokers paying each other
    /// the same amount is ordinary two-way settlement, hence 3.
    public var minLength = 3
    /// The most brokers (= transfers) in a ring, min_length...8.
    public var maxLength = 6
    /// Every transfer of the ring at least this amount.
    public var minAmount = 5_000.0
    /// Whether a transfer between two brokers that also pay each other the other way within
    /// one period of it (correspondents settling both ways, exchange-house hubs) is left out
    /// of rings.
    public var excludeTwoWay = true
    /// At most this many rings examined per first transfer (the cap is noted in the run).
    public var maxPerStart = 100
    /// At most this many rings examined in all (the cap is noted in the run).
    public var maxTotal = 100_000

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case periodDays = "period_days"
        case amountTolerance = "amount_tolerance"
        case minLength = "min_length"
        case maxLength = "max_length"
        case minAmount = "min_amount"
        case excludeTwoWay = "exclude_two_way"
        case maxPerStart = "max_per_start"
        case maxTotal = "max_total"
    }

    func check(_ checker: inout RuleChecker) {
        checker.positive(periodDays, "period_days")
        checker.require(
            amountTolerance >= 0 && amountTolerance <= 1, "amount_tolerance", "must be in 0...1, got \(amountTolerance)")
        checker.require((2...8).contains(minLength), "min_length", "must be in 2...8, got \(minLength)")
        checker.require(
            maxLength >= minLength && maxLength <= 8, "max_length", "must be in min_length...8, got \(maxLength)")
        checker.nonNegative(minAmount, "min_amount")
        checker.atLeast(maxPerStart, 1, "max_per_start")
        checker.atLeast(maxTotal, 1, "max_total")
    }
}
