import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaReport
import HawalaStore

// The glue between the store and the commands that read analysis runs: which run, which
// findings, and the transfers, brokers and parties behind them. Queries only; every rule
// lives in the library modules.

extension GlobalOptions {
    /// Opens the database named by `--db`.
    /// - Parameters:
    ///   - mustExist: refuse to create a new, empty database (for commands that read).
    ///   - access: `.readOnly` (default) for commands that only read: they then work on a
    ///     write-protected copy or a read-only mount and never change the file.
    /// - Returns: the store.
    /// - Throws: ``StoreError`` `.cannotOpen` when the file is missing and `mustExist`.
    func openStore(mustExist: Bool, access: Store.Access = .readOnly) throws -> Store {
        if mustExist && !FileManager.default.fileExists(atPath: db) {
            throw StoreError(
                .cannotOpen,
                "no database here; import files first with `hawala ingest --db \(db) FILE...`, or name one with --db",
                location: SourceLocation(file: db))
        }
        // An empty (0-byte) file holds nothing to protect: it gets the schema as before.
        let size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? NSNumber)?.intValue ?? -1
        return try Store(path: db, logger: logger("hawala.store"), access: size == 0 ? .readWrite : access)
    }
}

/// A stored analysis run with its findings, as the listing, report, export and evaluation
/// commands read it.
struct LoadedRun {
    /// The run as stored.
    var run: AnalysisRun
    /// The run's record (rules, counts, notes, cost) with the store's id, when it was written
    /// by `hawala analyze` (nil for a run stored by other means).
    var info: AnalysisRunInfo?
    /// The run's findings in report order (possibly narrowed by the caller).
    var findings: [Finding]

    /// The run's id as text, as users type it.
    var id: String { String(run.id) }
}

/// Reads a run (the given id, else the latest) and its findings.
/// - Parameters:
///   - store: the database.
///   - runID: the id as typed, or `nil` for the latest run.
/// - Returns: the run and all its findings.
/// - Throws: ``StoreError`` `.invalidRequest` for an id that is not a number, `.notFound`
///   when there is no such run; ``CommandError`` `.noRun` (exit 66) when there is no run at all.
func loadRun(_ store: Store, id runID: String?) throws -> LoadedRun {
    let id: Int64
    if let runID {
        guard let parsed = Int64(runID) else {
            throw StoreError(.invalidRequest, "--run '\(runID)' is not a run id (a number; see `hawala analyze`)")
        }
        id = parsed
    } else {
        guard let latest = try store.latestRunID() else {
            throw CommandError(
                .noRun, "no analysis run yet; run `hawala analyze` first",
                location: SourceLocation(file: store.path))
        }
        id = latest
    }
    let run = try store.run(id: id)
    var info = try? JSONCoding.decoder().decode(AnalysisRunInfo.self, from: Data(run.parametersJSON.utf8))
    info?.id = String(run.id)
    return LoadedRun(run: run, info: info, findings: try store.findings(run: id))
}

/// Narrows findings to the given ids, in the order given.
/// - Throws: ``StoreError`` `.notFound` naming the first id that is not in the run.
func selectFindings(_ findings: [Finding], ids: [String], run: String) throws -> [Finding] {
    guard !ids.isEmpty else { return findings }
    let byID = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    return try ids.map { id in
        guard let finding = byID[id] else {
            throw StoreError(.notFound, "run \(run) has no finding \(id) (see `hawala findings --run \(run)`)")
        }
        return finding
    }
}

/// Everything behind a set of findings: their transfers with provenance, brokers and parties.
struct FindingEvidence {
    var transfers: [Transfer]
    var provenance: [String: [Provenance]]
    var brokers: [Broker]
    var parties: [Party]
}

/// Reads the transfers, brokers and parties behind findings.
/// - Throws: ``StoreError`` when a read fails.
func loadEvidence(_ store: Store, for findings: [Finding]) throws -> FindingEvidence {
    let rows = try store.transfers(ids: findings.flatMap(\.transferIDs))
    let transfers = rows.map(\.transfer)
    var provenance: [String: [Provenance]] = [:]
    for row in rows { provenance[row.transfer.id] = row.provenance }
    var brokerIDs = Set(findings.flatMap(\.brokers))
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

/// Builds the input of the report, the graph exports and the evidence package's report files.
/// - Parameters:
///   - loaded: the run, with the findings to show.
///   - evidence: what lies behind those findings.
///   - allFindings: every finding of the run, for the broker ranking.
/// - Returns: the report input.
func reportInput(_ loaded: LoadedRun, evidence: FindingEvidence, allFindings: [Finding]) -> ReportInput {
    let ranking = HawalaAnalysis.BrokerRisk.rank(findings: allFindings, brokers: evidence.brokers, top: 25)
    let run = ReportRun(
        id: loaded.id,
        parameters: ReportRun.parameters(fromJSON: loaded.info?.rules.jsonText ?? loaded.run.parametersJSON),
        dataFrom: loaded.run.snapshot.firstAt, dataTo: loaded.run.snapshot.lastAt,
        startedAt: loaded.run.startedAt, toolVersion: loaded.run.snapshot.toolVersion,
        reportingCurrency: loaded.info?.snapshot.currency ?? .usd)
    return ReportInput(
        run: run, findings: loaded.findings, transfers: evidence.transfers, provenance: evidence.provenance,
        brokers: evidence.brokers, parties: evidence.parties,
        risks: ranking.map { HawalaReport.BrokerRisk(brokerID: $0.broker, score: $0.score, reasons: $0.reasons) },
        title: "HawalaTrace report, analysis run \(loaded.id)")
}
