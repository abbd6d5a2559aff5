/// Rules of the `cycle` detector (``CycleDetector``). Amounts in major units of the
/// reporting currency; times in hours.
public struct CycleRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The most brokers (= transfers) in a cycle; at least 2.
    public var maxLength = 6
    /// The whole cycle, first to last transfer, within this many hours (inclusive).
    public var windowHours = 504.0
    /// The largest gap between consecutive hops, hours; `nil` = no limit beyond the window.
    public var maxHopGapHours: Double? = 72.0
    /// Every transfer of the cycle at least this amount.
    public var minAmount = 5_000.0
    /// Whether each hop's amount must lie within a band of the previous hop's.
    public var amountBand = true
    /// The band's lower ratio: hop ≥ this × previous hop.
    public var bandMinRatio = 0.88
    /// The band's upper ratio: hop ≤ this × previous hop.
    public var bandMaxRatio = 1.02
    /// Whether a two-broker cycle A → B → A of a pair that settles both ways week after week
    /// (both directions active in at least the `baseline` section's `routine_weeks` common
    /// weeks, or exchanges — a transfer one way answered the other way within
    /// `max_hop_gap_hours` — in at least `routine_weeks` distinct weeks) is left out as the
    /// pair's ordinary business (counted in the run's notes).
    public var skipTwoWayPairs = true
    /// A cycle with more than this many hops on routine relationships (the `baseline`
    /// section's `routine_weeks`) is not reported: correspondents and exchange houses settling
    /// their ordinary business close rings by chance (counted in the run's notes).
    public var maxRoutineHops = 1
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
        case skipTwoWayPairs = "skip_two_way_pairs"
        case maxRoutineHops = "max_routine_hops"
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
        checker.atLeast(maxRoutineHops, 0, "max_routine_hops")
    }
}

/// Rules of the `fan_in` and `fan_out` detectors (``FanDetector``).
public struct FanRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The sliding window, hours (inclusive: last − first ≤ window).
    public var windowHours = 72.0
    /// At least this many distinct counterparty brokers within the window.
    public var minCounterparties = 8
    /// Of them, at least this many new to the broker: not a routine relationship (the
    /// `baseline` section's `routine_weeks`); capped at `min_counterparties`.
    public var minNewCounterparties = 6
    /// The window's counterparties at least this multiple of the broker's usual count (the
    /// median over the data's days of its distinct counterparties within the window before the
    /// day's end); 0 = not judged against the usual count.
    public var baselineFactor = 2.5
    /// The new (not routine) counterparties at least this share of all the window's
    /// counterparties: at an exchange house dealing with dozens of brokers a day, a handful
    /// of new ones is the thin tail of its crowd, not a fan (0 = off).
    public var minNewShare = 0.25
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
        case minNewCounterparties = "min_new_counterparties"
        case baselineFactor = "baseline_factor"
        case minNewShare = "min_new_share"
        case minTotal = "min_total"
        case maxTransfersListed = "max_transfers_listed"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minCounterparties, 2, "min_counterparties")
        checker.atLeast(minNewCounterparties, 0, "min_new_counterparties")
        checker.nonNegative(baselineFactor, "baseline_factor")
        checker.require((0...1).contains(minNewShare), "min_new_share", "must be in 0...1, got \(minNewShare)")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
    }
}

/// Rules of the `scatter_gather` detector (``ScatterGatherDetector``).
public struct ScatterGatherRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// Both hops of every path within this many hours of the first transfer (inclusive).
    public var windowHours = 120.0
    /// At least this many distinct intermediaries B between the same A and C.
    public var minIntermediaries = 4
    /// The gathered amount (B → C transfers) at least this.
    public var minTotal = 20_000.0
    /// At most this many two-hop paths examined per source broker A; a hub over the cap is
    /// cut there and noted in the run.
    public var maxPathsPerSource = 100_000
    /// Whether a path A → B → C both of whose legs are routine relationships (the `baseline`
    /// section's `routine_weeks`) is left out: A paying its correspondents, which pay theirs.
    public var excludeRoutine = true
    /// The gathered amount at least this share of the scattered one (the value carried through).
    public var minGatheredRatio = 0.85
    /// The gathered amount at most this multiple of the scattered one.
    public var maxGatheredRatio = 1.05
    /// Each intermediary's pass-on (B → C) at least this share of the receipt from A it is
    /// matched to (per-leg matching; 0 with `max_pass_on_ratio` 0 turns matching off).
    public var minPassOnRatio = 0.9
    /// Each intermediary's pass-on at most this multiple of its matched receipt.
    public var maxPassOnRatio = 1.02

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowHours = "window_hours"
        case minIntermediaries = "min_intermediaries"
        case minTotal = "min_total"
        case maxPathsPerSource = "max_paths_per_source"
        case excludeRoutine = "exclude_routine"
        case minGatheredRatio = "min_gathered_ratio"
        case maxGatheredRatio = "max_gathered_ratio"
        case minPassOnRatio = "min_pass_on_ratio"
        case maxPassOnRatio = "max_pass_on_ratio"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minIntermediaries, 2, "min_intermediaries")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxPathsPerSource, 1, "max_paths_per_source")
        checker.nonNegative(minGatheredRatio, "min_gathered_ratio")
        checker.require(maxGatheredRatio >= minGatheredRatio, "max_gathered_ratio", "must be at least min_gathered_ratio")
        checker.nonNegative(minPassOnRatio, "min_pass_on_ratio")
        checker.require(maxPassOnRatio >= minPassOnRatio, "max_pass_on_ratio", "must be at least min_pass_on_ratio")
    }
}

/// Rules of the `gather_scatter` detector (``GatherScatterDetector``).
public struct GatherScatterRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The sliding window, hours (inclusive).
    public var windowHours = 120.0
    /// At least this many distinct brokers paying the hub within the window.
    public var minSenders = 4
    /// At least this many distinct brokers paid by the hub within the window.
    public var minReceivers = 4
    /// Both the amount in and the amount out at least this.
    public var minTotal = 20_000.0
    /// At most this many transfer ids listed in one finding (the rest are counted in its sentence).
    public var maxTransfersListed = 500
    /// Whether a broker that both pays the hub and is paid by it within the window (a
    /// correspondent settling both ways, ordinary hawala business) is counted on neither side.
    public var excludeTwoWay = true
    /// Whether the hub's routine correspondents (pairs active in at least the `baseline`
    /// section's `routine_weeks` weeks, in that direction) are left out of the window: a
    /// clearing hub passes value between brokers it does not deal with week after week.
    public var excludeRoutine = true
    /// Senders plus receivers at least this multiple of the hub's usual count (the median over
    /// the data's days of its counted senders plus receivers within the window before the
    /// day's end); 0 = not judged against the usual count.
    public var baselineFactor = 2.0

    /// The counted senders and receivers at least this share of all the hub's counterparties
    /// over the window's span, routine ones included (0 = off).
    public var minNewShare = 0.25

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowHours = "window_hours"
        case baselineFactor = "baseline_factor"
        case minSenders = "min_senders"
        case minReceivers = "min_receivers"
        case minTotal = "min_total"
        case maxTransfersListed = "max_transfers_listed"
        case excludeTwoWay = "exclude_two_way"
        case excludeRoutine = "exclude_routine"
        case minNewShare = "min_new_share"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowHours, "window_hours")
        checker.atLeast(minSenders, 2, "min_senders")
        checker.atLeast(minReceivers, 2, "min_receivers")
        checker.nonNegative(minTotal, "min_total")
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
        checker.require((0...1).contains(minNewShare), "min_new_share", "must be in 0...1, got \(minNewShare)")
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
    public var maxDelayHours = 12.0
    /// The outgoing transfer is at least this share of the incoming one (r).
    public var minRatio = 0.95
    /// The outgoing transfer is at most this multiple of the incoming one.
    public var maxRatio = 1.02
    /// Every transfer of the chain at least this amount.
    public var minAmount = 5_000.0
    /// At least this many brokers passing the value on (2 = A → B → C → D).
    public var minPassThroughs = 2
    /// Chains are followed over at most this many transfers.
    public var maxChainLength = 8
    /// At most this many out-transfers scanned per incoming transfer at a busy broker (noted when hit).
    public var maxSuccessorsScanned = 256
    /// A chain with more than this many transfers on routine relationships (the `baseline`
    /// section's `routine_weeks`) is not reported: value through an exchange house that
    /// takes and pays routinely (counted in the run's notes).
    public var maxRoutineHops = 1

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
        case maxRoutineHops = "max_routine_hops"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(maxDelayHours, "max_delay_hours")
        checker.ratio(minRatio, "min_ratio")
        checker.require(maxRatio >= minRatio, "max_ratio", "must be at least min_ratio")
        checker.nonNegative(minAmount, "min_amount")
        checker.atLeast(minPassThroughs, 1, "min_pass_throughs")
        checker.atLeast(maxRoutineHops, 0, "max_routine_hops")
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
    public var minVolume = 10_000.0
    /// …made of at least this many transfers (one transfer is a payment, not a spike pattern).
    public var minTransfers = 2
    /// …none of which carries more than this share of the window's volume (a single large
    /// payment on a quiet pair, with the day's ordinary transfers beside it, is not a spike).
    public var maxSingleShare = 0.7

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case windowDays = "window_days"
        case baselineWindows = "baseline_windows"
        case minBaselineWindows = "min_baseline_windows"
        case factor
        case minVolume = "min_volume"
        case minTransfers = "min_transfers"
        case maxSingleShare = "max_single_share"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(windowDays, "window_days")
        checker.atLeast(baselineWindows, 1, "baseline_windows")
        checker.require(
            minBaselineWindows >= 1 && minBaselineWindows <= baselineWindows, "min_baseline_windows",
            "must be in 1...baseline_windows, got \(minBaselineWindows)")
        checker.require(factor > 1, "factor", "must be above 1, got \(factor)")
        checker.nonNegative(minVolume, "min_volume")
        checker.atLeast(minTransfers, 1, "min_transfers")
        checker.ratio(maxSingleShare, "max_single_share")
    }
}

/// Rules of the `settlement_imbalance` detector (``SettlementImbalanceDetector``).
public struct SettlementImbalanceRules: Codable, Sendable, Equatable {
    /// Whether the detector runs.
    public var enabled = true
    /// The sliding period over which positions are netted, days (first to last transfer within it).
    public var periodDays = 42.0
    /// The net position |Σ(A→B) − Σ(B→A)| at least this.
    public var minNet = 60_000.0
    /// One-sidedness net / (Σ(A→B) + Σ(B→A)) at least this (1 = all one way).
    public var minOneSidedness = 0.90
    /// At least this many transfers between the pair in the period.
    public var minTransfers = 6
    /// No single transfer more than this share of the period's value (one large trade
    /// payment is not a position built up).
    public var maxSingleShare = 0.5
    /// A pair whose flow back over the whole data is at least this share of its flow forward
    /// is a balanced two-way pair, left out; `nil` = no pair is left out for its balance.
    public var balancedPairRatio: Double? = 0.5
    /// Whether a series at most as dense as one transfer a week (transfers ≤ weeks spanned + 1:
    /// a standing weekly payment, like a broker paying the same correspondents every week) is
    /// left out as a schedule rather than a position built up.
    public var skipWeeklySchedule = true
    /// The payer's flow to the payee per day outside the period (over the rest of the data) at
    /// most this share of its flow per day within it; more, and the period is the pair's usual
    /// flow (a standing corridor), not a position built up. Judged only when at least 7 days of
    /// data lie outside the period; `nil` = not judged.
    public var maxUsualShare: Double? = 0.5
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
        case maxSingleShare = "max_single_share"
        case balancedPairRatio = "balanced_pair_ratio"
        case skipWeeklySchedule = "skip_weekly_schedule"
        case maxUsualShare = "max_usual_share"
        case maxTransfersListed = "max_transfers_listed"
    }


    func check(_ checker: inout RuleChecker) {
        checker.positive(periodDays, "period_days")
        checker.nonNegative(minNet, "min_net")
        checker.ratio(minOneSidedness, "min_one_sidedness")
        checker.atLeast(minTransfers, 1, "min_transfers")
        checker.ratio(maxSingleShare, "max_single_share")
        if let ratio = balancedPairRatio { checker.ratio(ratio, "balanced_pair_ratio") }
        if let share = maxUsualShare { checker.nonNegative(share, "max_usual_share") }
        checker.atLeast(maxTransfersListed, 1, "max_transfers_listed")
    }
}

/// The `baseline` section: how the brokers' own history is read (``PairHistory``). Shared by
/// the volume rules (`fan_in`, `fan_out`, `gather_scatter`, `volume_spike`,
/// `settlement_imbalance`), the cycle rule's two-way pairs and the ranking's rarity.
public struct BaselineRules: Codable, Sendable, Equatable {
    /// A directed broker pair is a routine relationship when it carried a transfer in at
    /// least this many distinct weeks (7-day periods from the first day of the data) of the
    /// data; 0 switches routine relationships off (every pair is new).
    public var routineWeeks = 3
    /// Counts of a broker's usual activity (e.g. its usual number of counterparties) are
    /// only formed from data spanning at least this many days; with less, the broker is
    /// judged by the absolute floors alone.
    public var minHistoryDays = 14.0

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case routineWeeks = "routine_weeks"
        case minHistoryDays = "min_history_days"
    }

    func check(_ checker: inout RuleChecker) {
        checker.require((0...64).contains(routineWeeks), "routine_weeks", "must be in 0...64, got \(routineWeeks)")
        checker.nonNegative(minHistoryDays, "min_history_days")
    }
}

/// The `ranking` section: the weights of the score findings are ranked by (``RankScore``).
public struct RankingRules: Codable, Sendable, Equatable {
    /// Weight of how far the detector's own thresholds are exceeded (or how tight the pattern is).
    public var weightRule = 0.40
    /// Weight of the rarity against the brokers' own history.
    public var weightRarity = 0.40
    /// Weight of the amount moved.
    public var weightAmount = 0.20
    /// Amount (reporting currency) scoring 0 on the amount part; log scale above it.
    public var amountFloor = 5_000.0
    /// Amount (reporting currency) scoring 1 on the amount part.
    public var amountCeiling = 1_000_000.0

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case weightRule = "weight_rule"
        case weightRarity = "weight_rarity"
        case weightAmount = "weight_amount"
        case amountFloor = "amount_floor"
        case amountCeiling = "amount_ceiling"
    }

    func check(_ checker: inout RuleChecker) {
        checker.nonNegative(weightRule, "weight_rule")
        checker.nonNegative(weightRarity, "weight_rarity")
        checker.nonNegative(weightAmount, "weight_amount")
        checker.positive(amountFloor, "amount_floor")
        checker.require(amountCeiling > amountFloor, "amount_ceiling", "must be above amount_floor")
    }
}
