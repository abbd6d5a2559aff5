import Foundation
import HawalaCore

/// How a finding of a later run extends an earlier one.
public struct Growth: Hashable, Sendable, Codable {
    /// The earlier finding's key.
    public var fromKey: String
    /// The earlier finding's id in its run, when known.
    public var fromFindingID: String?
    /// The earlier run, when known.
    public var fromRun: Int64?
    /// Transfers added.
    public var addedTransfers: Int
    /// Amount added, major units of `currency`.
    public var addedAmount: Double
    /// The reporting currency.
    public var currency: CurrencyCode

    /// `+3 transfers, +41,000 USD since run 4`.
    public var text: String {
        var out = "+\(addedTransfers) transfer\(addedTransfers == 1 ? "" : "s"), "
        out += (addedAmount < 0 ? "-" : "+") + Money.readable(abs(addedAmount), currency)
        if let fromRun { out += " since run \(fromRun)" }
        if let fromFindingID { out += " (was \(fromFindingID))" }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case fromKey = "from_key"
        case fromFindingID = "from_finding_id"
        case fromRun = "from_run"
        case addedTransfers = "added_transfers"
        case addedAmount = "added_amount"
        case currency
    }
}

/// What became of findings between a base run and a later run.
public enum FindingChange: Hashable, Sendable {
    /// No finding of the base run had this key or grew into it.
    case new
    /// The base run had a finding with the same key.
    case unchanged
    /// A base-run finding of the same typology is proven by a strict subset of this finding's
    /// transfers: this finding extends it.
    case grown(Growth)

    /// `new`, `unchanged` or `grown`.
    public var name: String {
        switch self {
        case .new: "new"
        case .unchanged: "unchanged"
        case .grown: "grown"
        }
    }
}

/// The comparison of a run's findings with a base run's (docs/cases.md, "What is new").
public struct RunComparison: Sendable {
    /// The base run.
    public var baseRun: Int64
    /// What each finding of the later run is, by finding id.
    public var changes: [String: FindingChange]
    /// Base-run findings neither present (by key) nor grown into a later finding.
    public var gone: [Finding]

    /// How many findings are new, grown, unchanged, and how many are gone.
    public var counts: (new: Int, grown: Int, unchanged: Int, gone: Int) {
        var new = 0, grown = 0, unchanged = 0
        for change in changes.values {
            switch change {
            case .new: new += 1
            case .grown: grown += 1
            case .unchanged: unchanged += 1
            }
        }
        return (new, grown, unchanged, gone.count)
    }

    /// `3 new, 1 grown, 140 unchanged, 2 gone since run 4`.
    public var summary: String {
        let c = counts
        return "\(c.new) new, \(c.grown) grown, \(c.unchanged) unchanged, \(c.gone) gone since run \(baseRun)"
    }

    /// Compares two runs' findings.
    ///
    /// Rule: same key → unchanged; otherwise, when base-run findings of the same typology are
    /// proven by a strict subset of this finding's transfers, it grew from the largest of them
    /// (ties: the first in the base run's order); otherwise it is new. A base finding is gone
    /// when its key is not in the later run and nothing grew from it.
    /// - Parameters:
    ///   - base: the base run's findings.
    ///   - baseRun: the base run's id.
    ///   - current: the later run's findings.
    /// - Returns: the comparison.
    public static func compare(base: [Finding], baseRun: Int64, current: [Finding]) -> RunComparison {
        let baseKeys = Set(base.map(FindingKey.key))
        var byTransfer: [String: [Int]] = [:]
        for (index, finding) in base.enumerated() {
            for id in Set(finding.transferIDs) { byTransfer[id, default: []].append(index) }
        }
        var changes: [String: FindingChange] = [:]
        var continued = Set<String>()
        for finding in current {
            let key = FindingKey.key(finding)
            if baseKeys.contains(key) {
                changes[finding.id] = .unchanged
                continued.insert(key)
                continue
            }
            let transfers = Set(finding.transferIDs)
            var candidates = Set<Int>()
            for id in transfers { candidates.formUnion(byTransfer[id] ?? []) }
            // The largest strict subset of the same typology; the first in the base run's order on ties.
            var grownFrom: Int?
            var grownSize = 0
            for index in candidates.sorted() where base[index].typology == finding.typology {
                let earlier = Set(base[index].transferIDs)
                if earlier.count < transfers.count, earlier.count > grownSize, earlier.isSubset(of: transfers) {
                    grownFrom = index
                    grownSize = earlier.count
                }
            }
            if let index = grownFrom {
                let earlier = base[index]
                let earlierKey = FindingKey.key(earlier)
                continued.insert(earlierKey)
                changes[finding.id] = .grown(
                    Growth(
                        fromKey: earlierKey, fromFindingID: earlier.id, fromRun: baseRun,
                        addedTransfers: transfers.count - Set(earlier.transferIDs).count,
                        addedAmount: Finding.rounded(finding.amount - earlier.amount, to: finding.currency),
                        currency: finding.currency))
            } else {
                changes[finding.id] = .new
            }
        }
        let gone = base.filter { !continued.contains(FindingKey.key($0)) }
        return RunComparison(baseRun: baseRun, changes: changes, gone: gone)
    }
}
