import Foundation
import HawalaCore

/// A finding as `hawala findings --new-since/--status` lists it.
public struct ListedFinding: Sendable {
    /// The finding.
    public var finding: Finding
    /// Its stable key.
    public var key: String
    /// Its review state.
    public var state: ReviewState
    /// What it is since the base run, when one was given.
    public var change: FindingChange?

    /// The change as text: `new`, `unchanged`, or `grown: +3 transfers, +41,000 USD since run 4`;
    /// for a re-opened finding, what changed since it was dismissed.
    public var changeText: String {
        var parts: [String] = []
        switch change {
        case .grown(let growth): parts.append("grown: " + growth.text)
        case .some(let other): parts.append(other.name)
        case nil: break
        }
        if state.reopened, let growth = state.growth { parts.append("re-opened: " + growth.text) }
        return parts.joined(separator: "; ")
    }
}

/// A status filter of `hawala findings --status`: a decision, `open` or `reopened`.
public enum StatusFilter: String, Sendable, CaseIterable {
    case open, reopened
    case underReview = "under_review"
    case confirmed, dismissed, escalated

    /// Whether a review state passes.
    public func matches(_ state: ReviewState) -> Bool { state.label == rawValue }
}

extension Investigation {
    /// The findings of a run with their keys and review states, as the listing shows them.
    ///
    /// Dismissed findings (not grown since) are left out unless `status` is `.dismissed`.
    /// With `newSince`, only findings that are new or grew since that run.
    /// - Parameters:
    ///   - loaded: the run, with the findings to consider.
    ///   - newSince: the base run's id as typed, or `nil`.
    ///   - status: only findings with this status, or `nil`.
    /// - Returns: the rows, in the run's order.
    /// - Throws: ``InvestigationError`` / ``StoreError`` when the base run or the log cannot be read.
    public func listing(_ loaded: LoadedRun, newSince: String?, status: StatusFilter?) throws -> [ListedFinding] {
        let states = try reviewStates(loaded.findings)
        let comparison = try newSince.map { try compare(loaded, since: $0) }
        return loaded.findings.compactMap { finding in
            let state = states[finding.id] ?? .open
            let change = comparison?.changes[finding.id]
            if let status {
                guard status.matches(state) else { return nil }
            } else if state.hidden {
                return nil
            }
            if comparison != nil, change == .unchanged { return nil }
            return ListedFinding(finding: finding, key: FindingKey.key(finding), state: state, change: change)
        }
    }
}
