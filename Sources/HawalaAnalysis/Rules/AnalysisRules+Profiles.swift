import Foundation
import HawalaCore

/// A built-in rules profile: a complete, commented rules text for one kind of data,
/// chosen with `hawala analyze --profile NAME` and printed by `hawala rules --profile NAME`.
///
/// With `--profile` and `--rules FILE` together, the file is laid over the profile: every key
/// the file sets wins, every key it leaves out keeps the profile's value (and the profile's
/// absent keys keep the defaults). `--only` / `--skip` apply last.
public enum RulesProfile: String, CaseIterable, Sendable {
    /// The product defaults (``AnalysisRules/defaultRulesText``): hawala broker data, times
    /// to the second, amounts in the reporting currency.
    case `default`
    /// IBM AMLSim sets (days as time steps, tiny amounts, accounts as brokers):
    /// ``AnalysisRules/amlsimRulesText``; measured in docs/evaluation.md.
    case amlsim

    /// One line on what the profile is for.
    public var summary: String {
        switch self {
        case .default: "the product defaults, for hawala broker data"
        case .amlsim: "IBM AMLSim sets: days as steps, value returning to its sender, settlement rings"
        }
    }

    /// The profile's rules file, with comments.
    public var text: String {
        switch self {
        case .default: AnalysisRules.defaultRulesText
        case .amlsim: AnalysisRules.amlsimRulesText
        }
    }

    /// The profile's rules.
    /// - Returns: the rules of ``text``.
    /// - Throws: ``AnalysisError`` `invalidRules` (not expected: the tests parse every profile).
    public func rules() throws -> AnalysisRules {
        try AnalysisRules.parse(text, source: "profile \(rawValue)")
    }

    /// The profile called `name` (any case; `-` read as `_`).
    /// - Parameter name: the name as typed after `--profile`.
    /// - Returns: the profile.
    /// - Throws: ``AnalysisError`` `invalidOption` naming the unknown profile and listing the
    ///   known ones with what each is for.
    public static func named(_ name: String) throws -> RulesProfile {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        if let profile = RulesProfile(rawValue: key) { return profile }
        let known = allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n")
        throw AnalysisError(.invalidOption, "--profile: unknown profile '\(name)'; the built-in profiles are:\n\(known)")
    }
}

extension AnalysisRules {
    /// The built-in `amlsim` profile (``RulesProfile/amlsim``), as `hawala rules --profile
    /// amlsim` prints it. Every choice is explained in its comments and in docs/evaluation.md.
    public static let amlsimRulesText = """
        # HawalaTrace rules profile `amlsim` (hawala analyze --profile amlsim), for IBM AMLSim
        # sets (github.com/IBM/AMLSim): accounts are the brokers, times are whole days (one
        # simulation step = one day from 2017-01-01), amounts are small and not passed on hop by
        # hop. Replaces fixtures/rules/daily-steps.yaml for AMLSim. Keys not set here keep the
        # defaults of `hawala rules`; a --rules FILE given too is laid over this profile (the
        # file's keys win). Fixed from the typologies' definitions and checked on halves of the
        # sample by time and by account (docs/evaluation.md); no amount band or minimum is
        # fitted to AMLSim's planted amounts, and same-day repeats count for nothing.
        # Findings of settlement_ring count as cycle findings in `hawala evaluate --nodes`.
        version: 1

        # cycle: value paid back to its sender, in time order, within 60 days (two monthly
        # settlement periods). Only two-account round trips: AMLSim's background accounts pay
        # random counterparties, so money coming back is rare unless planted, whereas a longer
        # temporal cycle closes by chance over weeks of daily steps. In hawala data a two-broker
        # round trip is ordinary two-way settlement: this is why the default profile differs.
        cycle:
          enabled: true
          max_length: 2
          window_hours: 1440        # 60 days
          min_amount: 0             # no amount assumed
          amount_band: false        # AMLSim's amounts are not passed on hop by hop
          skip_two_way_pairs: false # the round trip is the signal here, not ordinary settlement
          max_hop_gap_hours: null   # days as steps: no gap limit between hops inside the window

        # fan_in: at least 7 distinct senders within 30 days (daily steps make a 72-hour window
        # three samples wide); no amount minimum.
        fan_in:
          enabled: true
          window_hours: 720         # 30 days
          min_counterparties: 7
          min_new_counterparties: 0 # no own-history baseline: AMLSim accounts have no routine
          baseline_factor: 0
          min_total: 0

        # settlement_ring: accounts in a ring of 3 to 6, each paying the next the same amount
        # (within 5%) in any order within one 180-day period, longer than an AMLSim run (150
        # steps): AMLSim plants each cycle hop on its own sender's day, months apart.
        # Two-way pairs are not left out: AMLSim has no correspondent settlement.
        settlement_ring:
          enabled: true
          period_days: 180
          amount_tolerance: 0.05
          min_length: 3
          max_length: 6
          min_amount: 0
          exclude_two_way: false

        # Not scored against AMLSim's labels (its samples plant cycles and fan-ins only).
        fan_out:
          enabled: false
        scatter_gather:
          enabled: false
        gather_scatter:
          enabled: false
        structuring:
          enabled: false
        rapid_pass_through:
          enabled: false
        volume_spike:
          enabled: false
        settlement_imbalance:
          enabled: false

        """
}
