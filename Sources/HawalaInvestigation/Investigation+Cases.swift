import Foundation
import HawalaCore
import HawalaStore

/// A case as `hawala case show` prints it: the stored case, its findings as they stand in the
/// latest run, and its review history.
public struct CaseView: Sendable {
    /// The case as stored.
    public var stored: StoredCase
    /// The run the findings were looked up in (the latest), if any.
    public var run: LoadedRun?
    /// Each case finding, in the order added: the finding as stored, and the finding of the run
    /// that carries it (same key, or grown from it), if any.
    public var findings: [(entry: CaseFinding, current: Finding?, state: ReviewState)]
    /// The review log entries of the case's findings (and of what they grew into), oldest first.
    public var reviews: [ReviewEntry]
}

extension Investigation {
    /// Opens a case holding a network's findings or named findings of a run.
    /// - Parameters:
    ///   - name: the case's name.
    ///   - network: a network number of the run, or `nil`.
    ///   - findings: finding ids or keys of the run.
    ///   - runID: the run (default: the latest).
    ///   - note: a first note.
    ///   - by: who opens it.
    ///   - at: when, UTC.
    ///   - rules: the network grouping parameters `network` refers to.
    /// - Returns: how many findings the case holds.
    /// - Throws: ``InvestigationError`` for an unknown network or finding, or an empty selection;
    ///   ``StoreError`` `.invalidRequest` when the case exists.
    @discardableResult
    public func openCase(
        _ name: String, network: Int?, findings references: [String], run runID: String?, note: String?, by: String,
        at: Date, rules: NetworkRules = NetworkRules()
    ) throws -> Int {
        let selected = try caseSelection(network: network, findings: references, run: runID, rules: rules)
        guard !selected.findings.isEmpty else {
            throw InvestigationError(.invalidRequest, "a case needs findings: give --network N or --finding F...")
        }
        try store.openCase(name: name, by: by, at: at)
        return try store.addToCase(
            name: name, findings: selected.findings.map { CaseFinding(finding: FindingKey.snapshot($0, run: selected.run), addedAt: at, addedBy: by) },
            notes: note.map { [CaseNote(text: $0, by: by, at: at)] } ?? [])
    }

    /// Adds findings (of a network or named) and a note to a case.
    /// - Parameters: as ``openCase(_:network:findings:run:note:by:at:)``; findings may be empty
    ///   when a note is given.
    /// - Returns: how many findings were new to the case.
    /// - Throws: ``InvestigationError`` `.invalidRequest` when there is nothing to add;
    ///   ``StoreError`` `.notFound` when there is no such case.
    @discardableResult
    public func addToCase(
        _ name: String, network: Int?, findings references: [String], run runID: String?, note: String?, by: String,
        at: Date, rules: NetworkRules = NetworkRules()
    ) throws -> Int {
        _ = try store.storedCase(name: name)
        guard network != nil || !references.isEmpty || note != nil else {
            throw InvestigationError(.invalidRequest, "nothing to add: give --network N, --finding F... or --note TEXT")
        }
        var entries: [CaseFinding] = []
        if network != nil || !references.isEmpty {
            let selected = try caseSelection(network: network, findings: references, run: runID, rules: rules)
            entries = selected.findings.map {
                CaseFinding(finding: FindingKey.snapshot($0, run: selected.run), addedAt: at, addedBy: by)
            }
        }
        return try store.addToCase(
            name: name, findings: entries, notes: note.map { [CaseNote(text: $0, by: by, at: at)] } ?? [])
    }

    /// A case with its findings looked up in the latest run, their review states and history.
    /// - Parameter name: the case's name.
    /// - Returns: the view.
    /// - Throws: ``StoreError`` `.notFound` when there is no such case.
    public func caseView(_ name: String) throws -> CaseView {
        let stored = try store.storedCase(name: name)
        let run: LoadedRun? = try store.latestRunID() == nil ? nil : try loadRun(nil)
        let log = try store.reviews()
        let current = run?.findings ?? []
        let states = ReviewState.resolve(current, log: log)
        var byKey: [String: Finding] = [:]
        for finding in current { byKey[FindingKey.key(finding)] = finding }
        var keys = Set<String>()
        let findings = stored.findings.map { entry -> (CaseFinding, Finding?, ReviewState) in
            keys.insert(entry.finding.key)
            // Same key, else the finding of the run that grew from it (largest transfer set first).
            let found = byKey[entry.finding.key] ?? Self.successor(of: entry.finding, in: current)
            if let found { keys.insert(FindingKey.key(found)) }
            let state = found.flatMap { states[$0.id] }
                ?? ReviewState.resolve(
                    [Self.finding(entry.finding)], log: log)[entry.finding.findingID ?? ""] ?? .open
            return (entry, found, state)
        }
        return CaseView(stored: stored, run: run, findings: findings, reviews: log.filter { keys.contains($0.finding.key) })
    }

    /// The finding of `findings` that grew from a snapshot: same typology, a strict superset of
    /// its transfers; the largest when several.
    static func successor(of snapshot: FindingSnapshot, in findings: [Finding]) -> Finding? {
        let earlier = Set(snapshot.transferIDs)
        return findings.filter {
            $0.typology == snapshot.typology && $0.transferIDs.count > earlier.count && earlier.isSubset(of: Set($0.transferIDs))
        }.max { $0.transferIDs.count < $1.transferIDs.count }
    }

    /// A finding rebuilt from a snapshot (no times or explanation), to resolve its review state.
    static func finding(_ snapshot: FindingSnapshot) -> Finding {
        Finding(
            id: snapshot.findingID ?? snapshot.key, typology: snapshot.typology, score: 0, brokers: snapshot.brokers,
            transferIDs: snapshot.transferIDs, amount: snapshot.amount, currency: snapshot.currency,
            firstAt: Date(timeIntervalSince1970: 0), lastAt: Date(timeIntervalSince1970: 0), explanation: "")
    }

    private func caseSelection(network: Int?, findings references: [String], run runID: String?, rules: NetworkRules) throws -> (
        run: Int64, findings: [Finding]
    ) {
        if let network {
            let (loaded, grouping, _) = try networks(run: runID, rules: rules)
            return (loaded.run.id, try Self.network(network, in: grouping, run: loaded.id).findings + (
                references.isEmpty ? [] : try Self.select(loaded.findings, references, run: loaded.id)))
        }
        let loaded = try loadRun(runID)
        return (loaded.run.id, try Self.select(loaded.findings, references, run: loaded.id))
    }
}
