import Foundation

/// The score every finding is ranked by (0…1, higher first), so that an analyst's first page
/// holds the findings least like the network's ordinary business. It combines three parts,
/// each in 0…1, with the weights of the `ranking` section of the rules
/// (``RankingRules``, defaults 0.40 / 0.40 / 0.20):
///
/// - **rule**: how far the detector's own criteria are exceeded or how tight the pattern is,
///   mapped from the detector's score in 0.5…1 (0.5 = exactly at the thresholds) to 0…1;
/// - **rarity**: how unusual the pattern is against the brokers' own history (see each
///   detector in docs/detectors.md: the share of a finding's transfers on pairs that are not
///   routine, the share of a hub's counterparties that are new to it, how far a pair's day
///   is above its usual days);
/// - **amount**: the value moved, on a log scale from `amount_floor` (0) to
///   `amount_ceiling` (1) in the reporting currency.
///
/// Why: look-alikes of the typologies are ordinary business, and ordinary business is what
/// brokers do week after week with the same correspondents; the planted (or real) patterns
/// move value over relationships that are new or rare and in amounts above the ordinary.
/// Rarity weighs as much as the rule, so a routine pattern that passes the thresholds by far
/// still ranks below a new one that passes them just.
enum RankScore {
    /// The combined score.
    /// - Parameters:
    ///   - rule: the detector's own score, 0.5…1.
    ///   - rarity: 0…1.
    ///   - amount: the finding's amount, reporting currency.
    ///   - ranking: the weights and amount scale.
    /// - Returns: the score in 0…1.
    static func combine(rule: Double, rarity: Double, amount: Double, ranking: RankingRules) -> Double {
        let r = min(1, max(0, 2 * (rule - 0.5)))
        let size: Double
        if amount <= ranking.amountFloor || ranking.amountCeiling <= ranking.amountFloor {
            size = 0
        } else {
            size = min(1, log(amount / ranking.amountFloor) / log(ranking.amountCeiling / ranking.amountFloor))
        }
        let weights = ranking.weightRule + ranking.weightRarity + ranking.weightAmount
        guard weights > 0 else { return rule }
        let score = (ranking.weightRule * r + ranking.weightRarity * min(1, max(0, rarity)) + ranking.weightAmount * size) / weights
        return (score * 1_000_000).rounded() / 1_000_000
    }

    /// Rarity of an observation against its usual level: 1 − usual / observed (0 when the
    /// observation is not above the usual level; 1 when there is no usual level).
    static func aboveUsual(observed: Double, usual: Double) -> Double {
        guard observed > 0 else { return 0 }
        return min(1, max(0, 1 - usual / observed))
    }
}
