import Foundation
import HawalaCore
import HawalaStore

/// Where a finding stands in review, resolved from the append-only log (docs/cases.md).
public struct ReviewState: Hashable, Sendable {
    /// The current decision: the latest log entry for the finding's key, or inherited from the
    /// finding it grew from; `nil` when never reviewed (open).
    public var status: ReviewStatus?
    /// True when the finding grew from a dismissed one: it is back in listings and reports.
    public var reopened: Bool
    /// How it grew from the reviewed finding whose decision it inherits, when it did.
    public var growth: Growth?
    /// The log entries behind the state (its own key's, else the reviewed finding's), oldest first.
    public var history: [ReviewEntry]

    /// Never reviewed.
    public static let open = ReviewState(status: nil, reopened: false, growth: nil, history: [])

    /// `open`, `under_review`, `confirmed`, `dismissed`, `escalated` or `reopened`.
    public var label: String {
        if reopened { return "reopened" }
        return status?.rawValue ?? "open"
    }

    /// True when the finding stays out of default listings and reports: dismissed and not grown since.
    public var hidden: Bool { status == .dismissed && !reopened }

    /// The notes of the history, oldest first, as `note (by, date)`.
    public var notes: [String] {
        history.compactMap { entry in
            entry.note.map { "\($0) (\(entry.by), \(UTCTime.iso8601(entry.at)), \(entry.to.rawValue))" }
        }
    }

    /// Resolves the review state of findings from the log.
    ///
    /// A finding whose key has entries takes the latest entry's status. Otherwise, when a
    /// reviewed finding of the same typology was proven by a strict subset of its transfers
    /// (it grew), it inherits that finding's latest decision, except that a dismissed one comes
    /// back as `reopened`, with what changed. Otherwise it is open.
    /// - Parameters:
    ///   - findings: the findings.
    ///   - log: the review log (``HawalaStore/Store/reviews(keys:)``), oldest first.
    /// - Returns: the state of each finding, by finding id.
    public static func resolve(_ findings: [Finding], log: [ReviewEntry]) -> [String: ReviewState] {
        var byKey: [String: [ReviewEntry]] = [:]
        for entry in log { byKey[entry.finding.key, default: []].append(entry) }
        // The latest snapshot of each reviewed key, by typology, to find what a finding grew from.
        var reviewed: [Typology: [(key: String, transfers: Set<String>, snapshot: FindingSnapshot, last: Int64)]] = [:]
        for (key, entries) in byKey {
            guard let last = entries.last else { continue }
            reviewed[last.finding.typology, default: []].append((key, Set(last.finding.transferIDs), last.finding, last.id))
        }
        var states: [String: ReviewState] = [:]
        for finding in findings {
            let key = FindingKey.key(finding)
            if let entries = byKey[key], let last = entries.last {
                states[finding.id] = ReviewState(status: last.to, reopened: false, growth: nil, history: entries)
                continue
            }
            let transfers = Set(finding.transferIDs)
            // The most recently decided reviewed finding that this one extends.
            let ancestor = (reviewed[finding.typology] ?? [])
                .filter { $0.transfers.count < transfers.count && $0.transfers.isSubset(of: transfers) }
                .max { $0.last < $1.last }
            guard let ancestor, let entries = byKey[ancestor.key], let last = entries.last else {
                states[finding.id] = .open
                continue
            }
            let growth = Growth(
                fromKey: ancestor.key, fromFindingID: ancestor.snapshot.findingID, fromRun: ancestor.snapshot.runID,
                addedTransfers: transfers.count - ancestor.transfers.count,
                addedAmount: Finding.rounded(finding.amount - ancestor.snapshot.amount, to: finding.currency),
                currency: finding.currency)
            states[finding.id] = ReviewState(
                status: last.to, reopened: last.to == .dismissed, growth: growth, history: entries)
        }
        return states
    }
}
