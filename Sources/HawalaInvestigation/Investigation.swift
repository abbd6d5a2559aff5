import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaReport
import HawalaStore

/// A stored analysis run with its findings, as the listing, report, export and review use
/// cases read it.
public struct LoadedRun: Sendable {
    /// The run as stored.
    public var run: AnalysisRun
    /// The run's record (rules, counts, notes, cost) when it was written by `hawala analyze`.
    public var info: AnalysisRunInfo?
    /// The run's findings in report order (possibly narrowed by the caller).
    public var findings: [Finding]

    /// The run's id as text, as users type it.
    public var id: String { String(run.id) }
}

/// Everything behind a set of findings: their transfers with provenance, brokers and parties.
public struct FindingEvidence: Sendable {
    /// The transfers, in the store's order.
    public var transfers: [Transfer]
    /// Where each came from, by transfer id.
    public var provenance: [String: [Provenance]]
    /// The brokers the findings and transfers name (unknown ones by id only), sorted by id.
    public var brokers: [Broker]
    /// The originators and beneficiaries.
    public var parties: [Party]
}

/// The use cases over the store and the analysis engine that turn findings into cases:
/// runs and their evidence, what is new, review, networks, cases, report input and export
/// selections (docs/cases.md). The `hawala` commands parse and print; this does the rest.
public struct Investigation: Sendable {
    /// The database.
    public let store: Store

    /// - Parameter store: the database.
    public init(store: Store) { self.store = store }

    /// Reads a run (the given id, else the latest) and its findings.
    /// - Parameter runID: the id as typed, or `nil` for the latest run.
    /// - Returns: the run and all its findings.
    /// - Throws: ``InvestigationError`` `.invalidRequest` for an id that is not a number,
    ///   `.noRun` (exit 66) when there is no run at all; ``StoreError`` `.notFound` when there
    ///   is no such run.
    public func loadRun(_ runID: String?) throws -> LoadedRun {
        let id: Int64
        if let runID {
            guard let parsed = Int64(runID) else {
                throw InvestigationError(.invalidRequest, "--run '\(runID)' is not a run id (a number; see `hawala analyze`)")
            }
            id = parsed
        } else {
            guard let latest = try store.latestRunID() else {
                throw InvestigationError(
                    .noRun, "no analysis run yet; run `hawala analyze` first", location: SourceLocation(file: store.path))
            }
            id = latest
        }
        let run = try store.run(id: id)
        var info = try? JSONCoding.decoder().decode(AnalysisRunInfo.self, from: Data(run.parametersJSON.utf8))
        info?.id = String(run.id)
        return LoadedRun(run: run, info: info, findings: try store.findings(run: id))
    }

    /// Narrows findings to the given finding ids or keys, in the order given.
    /// - Parameters:
    ///   - findings: the run's findings.
    ///   - references: finding ids (`F-000031`) or stable keys (`cycle-3f9a1c0b7d2e4f61`).
    ///   - run: the run's id, for messages.
    /// - Returns: the findings (all when `references` is empty).
    /// - Throws: ``InvestigationError`` `.notFound` naming the first reference not in the run.
    public static func select(_ findings: [Finding], _ references: [String], run: String) throws -> [Finding] {
        guard !references.isEmpty else { return findings }
        var byReference: [String: Finding] = [:]
        for finding in findings {
            if byReference[finding.id] == nil { byReference[finding.id] = finding }
            byReference[FindingKey.key(finding)] = finding
        }
        return try references.map { reference in
            guard let finding = byReference[reference] else {
                throw InvestigationError(
                    .notFound, "run \(run) has no finding \(reference) (see `hawala findings --run \(run)`)")
            }
            return finding
        }
    }

    /// Reads the transfers, brokers and parties behind findings.
    /// - Parameters:
    ///   - findings: the findings.
    ///   - extraBrokers: further brokers to describe (e.g. those ranked in the report).
    /// - Returns: the evidence.
    /// - Throws: ``StoreError`` when a read fails.
    public func evidence(for findings: [Finding], extraBrokers: [String] = []) throws -> FindingEvidence {
        let rows = try store.transfers(ids: findings.flatMap(\.transferIDs))
        let transfers = rows.map(\.transfer)
        var provenance: [String: [Provenance]] = [:]
        for row in rows { provenance[row.transfer.id] = row.provenance }
        var brokerIDs = Set(findings.flatMap(\.brokers)).union(extraBrokers)
        var partyIDs = Set<String>()
        for t in transfers {
            brokerIDs.insert(t.senderBroker)
            brokerIDs.insert(t.receiverBroker)
            if let o = t.originator { partyIDs.insert(o) }
            if let b = t.beneficiary { partyIDs.insert(b) }
        }
        let known = Dictionary(
            try store.brokers(ids: brokerIDs.sorted()).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let brokers = brokerIDs.sorted().map { known[$0] ?? Broker(id: $0) }
        let parties = try store.parties(ids: partyIDs.sorted())
        return FindingEvidence(transfers: transfers, provenance: provenance, brokers: brokers, parties: parties)
    }

    /// The review state of findings, from the log.
    /// - Parameter findings: the findings.
    /// - Returns: states by finding id.
    /// - Throws: ``StoreError`` when the log cannot be read.
    public func reviewStates(_ findings: [Finding]) throws -> [String: ReviewState] {
        ReviewState.resolve(findings, log: try store.reviews())
    }

    /// Compares a run with an earlier one.
    /// - Parameters:
    ///   - loaded: the later run.
    ///   - baseRun: the earlier run's id as typed.
    /// - Returns: the comparison.
    /// - Throws: ``InvestigationError`` `.invalidRequest` for an id that is not a number;
    ///   ``StoreError`` `.notFound` when there is no such run.
    public func compare(_ loaded: LoadedRun, since baseRun: String) throws -> RunComparison {
        let base = try loadRun(baseRun)
        return RunComparison.compare(base: base.findings, baseRun: base.run.id, current: loaded.findings)
    }

    /// Compares a run with the run before it, for the summary of `hawala analyze`.
    /// - Parameter loaded: the run.
    /// - Returns: the comparison, or `nil` for the first run.
    /// - Throws: ``StoreError`` when a read fails.
    public func compareWithPrevious(_ loaded: LoadedRun) throws -> RunComparison? {
        let earlier = try store.analysisRuns().map(\.id).filter { $0 < loaded.run.id }
        guard let previous = earlier.max() else { return nil }
        return try compare(loaded, since: String(previous))
    }

    /// Records decisions on findings in the append-only review log.
    /// - Parameters:
    ///   - references: finding ids or keys of the run.
    ///   - runID: the run (default: the latest).
    ///   - status: the decision.
    ///   - note: the reviewer's note.
    ///   - by: the reviewer.
    ///   - at: when, UTC.
    /// - Returns: the entries written, in the order of `references`.
    /// - Throws: ``InvestigationError`` `.notFound` for a reference not in the run,
    ///   `.invalidRequest` for an empty reviewer name; ``StoreError`` when the write fails.
    @discardableResult
    public func review(
        _ references: [String], run runID: String? = nil, status: ReviewStatus, note: String?, by: String, at: Date
    ) throws -> [ReviewEntry] {
        guard !references.isEmpty else { throw InvestigationError(.invalidRequest, "name at least one finding to review") }
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvestigationError(.invalidRequest, "--by needs a name")
        }
        let loaded = try loadRun(runID)
        let findings = try Self.select(loaded.findings, references, run: loaded.id)
        let states = try reviewStates(findings)
        var seen = Set<String>()
        let entries = findings.filter { seen.insert($0.id).inserted }.map { finding in
            ReviewEntry(
                finding: FindingKey.snapshot(finding, run: loaded.run.id), from: states[finding.id]?.status, to: status,
                note: note, by: by, at: at)
        }
        return try store.appendReviews(entries)
    }

    /// Groups a run's findings into networks; dismissed findings (not grown since) are left out.
    /// - Parameters:
    ///   - runID: the run (default: the latest).
    ///   - rules: the grouping parameters.
    /// - Returns: the run, its networks and hubs, and the review states.
    /// - Throws: ``InvestigationError``/``StoreError`` when the run cannot be read.
    public func networks(run runID: String?, rules: NetworkRules = NetworkRules()) throws -> (
        run: LoadedRun, grouping: NetworkGrouping, states: [String: ReviewState]
    ) {
        let loaded = try loadRun(runID)
        let states = try reviewStates(loaded.findings)
        let visible = loaded.findings.filter { !(states[$0.id]?.hidden ?? false) }
        return (loaded, NetworkGrouping.group(visible, states: states, rules: rules), states)
    }

    /// One network of a grouping.
    /// - Throws: ``InvestigationError`` `.notFound` when there is no network with that number.
    public static func network(_ number: Int, in grouping: NetworkGrouping, run: String) throws -> FindingNetwork {
        guard number >= 1, number <= grouping.networks.count else {
            throw InvestigationError(
                .notFound, "run \(run) has \(grouping.networks.count) networks; no network \(number) (see `hawala networks`)")
        }
        return grouping.networks[number - 1]
    }

    /// Builds the input of the report, the graph exports and the evidence package's report
    /// files: the findings (dismissed ones left out unless `includeDismissed`), their evidence,
    /// broker risks, networks and review states.
    /// - Parameters:
    ///   - loaded: the run, with the findings to show.
    ///   - allFindings: every finding of the run, for the broker ranking.
    ///   - title: the report's title (default: `HawalaTrace report`; the run is shown beside it).
    ///   - includeDismissed: keep dismissed findings (an explicit selection does).
    ///   - rules: the network grouping parameters.
    /// - Returns: the report input.
    /// - Throws: ``StoreError`` when a read fails.
    public func reportInput(
        _ loaded: LoadedRun, allFindings: [Finding], title: String = "HawalaTrace report", includeDismissed: Bool = false,
        rules: NetworkRules = NetworkRules()
    ) throws -> ReportInput {
        let states = try reviewStates(loaded.findings)
        let findings = includeDismissed ? loaded.findings : loaded.findings.filter { !(states[$0.id]?.hidden ?? false) }
        let ranking = HawalaAnalysis.BrokerRisk.rank(
            findings: allFindings, brokers: try store.brokers(ids: Set(allFindings.flatMap(\.brokers)).sorted()), top: 25)
        // Only brokers of the shown findings are described; the ranking keeps those.
        let shown = Set(findings.flatMap(\.brokers))
        let evidence = try evidence(for: findings)
        let run = ReportRun(
            id: loaded.id,
            parameters: ReportRun.parameters(fromJSON: loaded.info?.rules.jsonText ?? loaded.run.parametersJSON),
            dataFrom: loaded.run.snapshot.firstAt, dataTo: loaded.run.snapshot.lastAt,
            startedAt: loaded.run.startedAt, toolVersion: loaded.run.snapshot.toolVersion,
            reportingCurrency: loaded.info?.snapshot.currency ?? .usd)
        var input = ReportInput(
            run: run, findings: findings, transfers: evidence.transfers, provenance: evidence.provenance,
            brokers: evidence.brokers, parties: evidence.parties,
            risks: ranking.filter { shown.contains($0.broker) }.map {
                HawalaReport.BrokerRisk(brokerID: $0.broker, score: $0.score, reasons: $0.reasons)
            },
            title: title)
        let grouping = NetworkGrouping.group(findings, states: states, rules: rules)
        input.networks = grouping.networks.map(Self.reportNetwork)
        for finding in findings {
            let state = states[finding.id] ?? .open
            input.reviews[finding.id] = ReportReview(status: state.label, change: state.growth?.text, notes: state.notes)
        }
        return input
    }

    /// A network as the report shows it.
    static func reportNetwork(_ network: FindingNetwork) -> ReportNetwork {
        ReportNetwork(
            number: network.number, score: network.score, findingIDs: network.findings.map(\.id), brokers: network.brokers,
            hubs: network.hubs, typologies: network.typologies, amount: network.amount, currency: network.currency,
            firstAt: network.firstAt, lastAt: network.lastAt)
    }
}
