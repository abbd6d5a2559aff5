/// Rules of the `cycle` detector (``CycleDetector``). Amounts in major units of the
/// reporting currency; times in hours.
public struct CycleRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The most brokers (= transfers) in a cycle; at least 2.
    public var maxLength = 6
    /// The whole cycle, first to last transfer, within this many hours (inclusive).
    public var windowHours = 72.0
    /// The largest gap between consecutive hops, hours; `nil` = no limit beyond the window.
    public var maxHopGapHours: Double? = nil
    /// Every transfer of the cycle at least this amount.
    public var minAmount = 1_000.0
    /// Whether each hop's amount must lie within a band of the previous hop's.
    public var amountBand = true
    /// The band's lower ratio: hop ≥ this × previous hop.
    public var bandMinRatio = 0.80
    /// The band's upper ratio: hop ≤ this × previous hop.
    public var bandMaxRatio = 1.05
    /// At most this many cycles reported per start transfer (the cap is noted in the run).
    public var maxPerStart = 100
    /// At most this many cycles in all (the cap is noted in the run).
    public var maxTotal = 100_000
    /// Whether, among the cycles with the same first transfer over the same brokers (the
    /// same value returning by alternative transfers, e.g. one transfer out and several
    /// back), only the one whose last transfer's amount is closest to the first's is
    /// reported, the others counted in its sentence. `false` reports every cycle (the
    /// cross-check and the benchmark).
    public var onePerPath = true

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case maxLength = "max_length"
        case windowHours = "window_hours"
        case maxHopGapHours = "max_hop_gap_hours"
        case minAmount = "min_amount"
        case amountBand = "amount_band"
        case bandMinRatio = "band_min_ratio"
        case bandMaxRatio = "band_max_ratio"
        case maxPerStart = "max_per_start"
        case maxTotal = "max_total"
        case onePerPath = "one_per_path"
    }


    func check(_ checker: inout RuleChecker) {
        checker.require((2...12).contains(maxLength), "max_length", "must be in 2...12, got \(maxLength)")
        checker.positive(windowHours, "window_hours")
        if let gap = maxHopGapHours { checker.positive(gap, "max_hop_gap_hours") }
        checker.nonNegative(minAmount, "min_amount")
        checker.positive(bandMinRatio, "band_min_ratio")
        checker.require(bandMaxRatio >= bandMinRatio, "band_max_ratio", "must be at least band_min_ratio")
        checker.atLeast(maxPerStart, 1, "max_per_start")
        checker.atLeast(maxTotal, 1, "max_total")
    }
}

/// Rules of the `fan_in` and `fan_out` detectors (``FanDetector``).
public struct FanRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The sliding window, hours (inclusive: last − first ≤ window).
    public var windowHours = 72.0
    /// At least this many distinct counterparty brokers within the window.
    public var minCounterparties = 10
    /// The window's transfers total at least this amount.
    public var minTotal = 50_000.0
    /// At most this many transfer ids listed in one finding (the rest are counted in its sentence).
    public var maxTransfersListed = 500

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowHours = "window_hours"
        case minCounterparties = "min_counterparties"
        case minTotal = "min_total"
        case maxTransfersListed = "max_transfers_listed"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minCounterparties, 2, "min_counterparties")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
    }
}

/// Rules of the `scatter_gather` detector (``ScatterGatherDetector``).
public struct ScatterGatherRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// Both hops of every path within this many hours of the first transfer (inclusive).
    public var windowHours = 72.0
    /// At least this many distinct intermediaries B between the same A and C.
    public var minIntermediaries = 5
    /// The gathered amount (B → C transfers) at least this.
    public var minTotal = 20_000.0
    /// At most this many two-hop paths examined per source broker A; a hub over the cap is
    /// cut there and noted in the run.
    public var maxPathsPerSource = 100_000

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowHours = "window_hours"
        case minIntermediaries = "min_intermediaries"
        case minTotal = "min_total"
        case maxPathsPerSource = "max_paths_per_source"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minIntermediaries, 2, "min_intermediaries")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxPathsPerSource, 1, "max_paths_per_source")
    }
}

/// Rules of the `gather_scatter` detector (``GatherScatterDetector``).
public struct GatherScatterRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The sliding window, hours (inclusive).
    public var windowHours = 72.0
    /// At least this many distinct brokers paying the hub within the window.
    public var minSenders = 5
    /// At least this many distinct brokers paid by the hub within the window.
    public var minReceivers = 5
    /// Both the amount in and the amount out at least this.
    public var minTotal = 20_000.0
    /// At most this many transfer ids listed in one finding (the rest are counted in its sentence).
    public var maxTransfersListed = 500
    /// Whether a broker that both pays the hub and is paid by it within the window (a
    /// correspondent settling both ways, ordinary hawala business) is counted on neither side.
    public var excludeTwoWay = true

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowHours = "window_hours"
        case minSenders = "min_senders"
        case minReceivers = "min_receivers"
        case minTotal = "min_total"
        case maxTransfersListed = "max_transfers_listed"
        case excludeTwoWay = "exclude_two_way"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minSenders, 2, "min_senders")
        checker.atLeast(minReceivers, 2, "min_receivers")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
    }
}

/// Rules of the `structuring` detector (``StructuringDetector``).
public struct StructuringRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The reporting threshold T, reporting currency.
    public var threshold = 10_000.0
    /// ε: amounts in [T·(1−ε), T) count as "just under".
    public var margin = 0.10
    /// At least this many such transfers within the window.
    public var minTransfers = 3
    /// The sliding window, hours (inclusive).
    public var windowHours = 168.0
    /// Group by originator.
    public var byOriginator = true
    /// Group by beneficiary.
    public var byBeneficiary = true

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled, threshold, margin
        case minTransfers = "min_transfers"
        case windowHours = "window_hours"
        case byOriginator = "by_originator"
        case byBeneficiary = "by_beneficiary"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(threshold, "threshold")
        checker.require(margin > 0 && margin < 1, "margin", "must be in (0, 1), got \(margin)")
        checker.atLeast(minTransfers, 2, "min_transfers")
        checker.positive(windowHours, "window_hours")
    }
}

/// Rules of the `rapid_pass_through` detector (``RapidPassThroughDetector``).
public struct RapidPassThroughRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// Value leaves a broker within this many hours of arriving.
    public var maxDelayHours = 6.0
    /// The outgoing transfer is at least this share of the incoming one (r).
    public var minRatio = 0.90
    /// The outgoing transfer is at most this multiple of the incoming one.
    public var maxRatio = 1.05
    /// Every transfer of the chain at least this amount.
    public var minAmount = 5_000.0
    /// At least this many brokers passing the value on (2 = A → B → C → D).
    public var minPassThroughs = 2
    /// Chains are followed over at most this many transfers.
    public var maxChainLength = 8
    /// At most this many out-transfers scanned per incoming transfer at a busy broker (noted when hit).
    public var maxSuccessorsScanned = 256

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case maxDelayHours = "max_delay_hours"
        case minRatio = "min_ratio"
        case maxRatio = "max_ratio"
        case minAmount = "min_amount"
        case minPassThroughs = "min_pass_throughs"
        case maxChainLength = "max_chain_length"
        case maxSuccessorsScanned = "max_successors_scanned"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(maxDelayHours, "max_delay_hours")
        checker.ratio(minRatio, "min_ratio")
        checker.require(maxRatio >= minRatio, "max_ratio", "must be at least min_ratio")
        checker.nonNegative(minAmount, "min_amount")
        checker.atLeast(minPassThroughs, 1, "min_pass_throughs")
        checker.require(
            maxChainLength >= minPassThroughs + 1 && maxChainLength <= 64, "max_chain_length",
            "must be in min_pass_throughs + 1 ... 64, got \(maxChainLength)")
        checker.atLeast(maxSuccessorsScanned, 1, "max_successors_scanned")
    }
}

/// Rules of the `volume_spike` detector (``VolumeSpikeDetector``).
public struct VolumeSpikeRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The length of one window, days (windows are aligned to the first transfer's UTC day).
    public var windowDays = 1.0
    /// The baseline: up to this many windows before the one tested (fewer at the start of the data).
    public var baselineWindows = 28
    /// At least this many of the baseline windows must have volume on the pair.
    public var minBaselineWindows = 7
    /// Flag a window whose volume exceeds this multiple of the baseline median.
    public var factor = 5.0
    /// …and whose volume is at least this.
    public var minVolume = 50_000.0

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowDays = "window_days"
        case baselineWindows = "baseline_windows"
        case minBaselineWindows = "min_baseline_windows"
        case factor
        case minVolume = "min_volume"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowDays, "window_days")
        checker.atLeast(baselineWindows, 1, "baseline_windows")
        checker.require(
            minBaselineWindows >= 1 && minBaselineWindows <= baselineWindows, "min_baseline_windows",
            "must be in 1...baseline_windows, got \(minBaselineWindows)")
        checker.require(factor > 1, "factor", "must be above 1, got \(factor)")
        checker.nonNegative(minVolume, "min_volume")
    }
}

/// Rules of the `settlement_imbalance` detector (``SettlementImbalanceDetector``).
public struct SettlementImbalanceRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The period over which positions are netted, days (aligned to the first transfer's UTC day).
    public var periodDays = 30.0
    /// The net position |Σ(A→B) − Σ(B→A)| at least this.
    public var minNet = 100_000.0
    /// One-sidedness net / (Σ(A→B) + Σ(B→A)) at least this (1 = all one way).
    public var minOneSidedness = 0.90
    /// At least this many transfers between the pair in the period.
    public var minTransfers = 5
    /// At most this many transfer ids listed in one finding (the rest are counted in its sentence).
    public var maxTransfersListed = 500

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case periodDays = "period_days"
        case minNet = "min_net"
        case minOneSidedness = "min_one_sidedness"
        case minTransfers = "min_transfers"
        case maxTransfersListed = "max_transfers_listed"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(periodDays, "period_days")
        checker.nonNegative(minNet, "min_net")
        checker.ratio(minOneSidedness, "min_one_sidedness")
        checker.atLeast(minTransfers, 1, "min_transfers")
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
    }
}
