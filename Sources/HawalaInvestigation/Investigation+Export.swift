import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaExport
import HawalaReport
import HawalaStore

/// Which findings an export covers.
public enum ExportSelection: Sendable, Equatable {
    /// These finding ids or keys (of `run`, or of the latest run when nil).
    case findings([String], run: String?)
    /// Every finding of these typologies (of `run`, or of the latest run when nil).
    case typologies([Typology], run: String?)
    /// Every finding of one run.
    case allOfRun(String)
    /// Exactly the findings of a stored case (as they stand in the latest run), with its notes.
    case storedCase(String)
}

/// What the store gives for an export selection; the export command turns it into the
/// package's payload and custody record.
public struct SelectionPayload: Sendable {
    /// The analysis run the findings belong to, with its parameters as text.
    public var analysisRun: CustodyRecord.AnalysisRun?
    /// The selected findings (→ `data/findings.json`).
    public var findings: [Finding]
    /// Every transfer behind the findings, with its provenance (→ `data/transfers.csv`).
    public var transfers: [(transfer: Transfer, provenance: Provenance?)]
    /// The exact bytes of `hawala findings --format json` for these findings; when nil,
    /// `findings.json` is the bare findings array.
    public var findingsJSON: Data?
    /// Further payload files (`graph.graphml`, `findings.ftm.jsonl`, `report.html`), names
    /// relative to `data/`.
    public var extraFiles: [PayloadFile] = []
    /// The stored case, with its notes, when the selection is a case.
    public var caseFile: CustodyRecord.CaseFile?
    /// The review log entries of the findings (and of the findings they grew from), oldest first.
    public var reviews: [CustodyRecord.Review] = []

    /// The brokers involved in the findings, sorted.
    public var brokers: [String] { Set(findings.flatMap(\.brokers)).sorted() }

    /// The payload files: `findings.json`, `transfers.csv`, then ``extraFiles``.
    /// - Throws: ``ExportError`` `.invalidRequest` when the findings cannot be encoded.
    public func payloadFiles() throws -> [PayloadFile] {
        [
            PayloadFile(name: "findings.json", data: try findingsJSON ?? PayloadFormats.findingsJSON(findings)),
            PayloadFile(name: "transfers.csv", data: PayloadFormats.transfersCSV(transfers)),
        ] + extraFiles
    }
}

extension Investigation {
    /// Reads the selected findings, their transfers and the run from the store, and renders the
    /// payload files: `findings.json` (as `hawala findings --format json` prints it),
    /// `transfers.csv`, `graph.graphml`, `findings.ftm.jsonl` and `report.html`; with the
    /// review log entries of the findings and, for a case, the case and its notes.
    /// - Parameter selection: which findings.
    /// - Returns: the payload for the package.
    /// - Throws: ``InvestigationError`` / ``StoreError`` when the run, a finding or the case is
    ///   missing, or the selection is empty.
    public func exportPayload(_ selection: ExportSelection) throws -> SelectionPayload {
        var caseFile: CustodyRecord.CaseFile?
        var loaded: LoadedRun
        let all: [Finding]
        switch selection {
        case .storedCase(let name):
            let view = try caseView(name)
            guard let run = view.run else {
                throw InvestigationError(.noRun, "no analysis run yet; run `hawala analyze` first")
            }
            loaded = run
            all = run.findings
            var findings: [Finding] = []
            for item in view.findings {
                if let current = item.current {
                    findings.append(current)
                } else if let runID = item.entry.finding.runID, let id = item.entry.finding.findingID,
                    let earlier = try? store.finding(id: id, run: runID)
                {
                    findings.append(earlier)  // gone from the latest run: as it was when added
                } else {
                    throw InvestigationError(
                        .notFound, "case \(name): finding \(item.entry.finding.key) is in no stored run any more")
                }
            }
            var seen = Set<String>()
            loaded.findings = findings.filter { seen.insert(FindingKey.key($0)).inserted }
            caseFile = CustodyRecord.CaseFile(
                name: view.stored.name, openedBy: view.stored.openedBy, openedAt: view.stored.openedAt,
                findingKeys: view.stored.findings.map(\.finding.key),
                notes: view.stored.notes)
        case .findings(let ids, let run):
            loaded = try loadRun(run)
            all = loaded.findings
            loaded.findings = try Self.select(all, ids, run: loaded.id)
        case .typologies(let typologies, let run):
            loaded = try loadRun(run)
            all = loaded.findings
            loaded.findings = all.filter { typologies.contains($0.typology) }
        case .allOfRun(let run):
            loaded = try loadRun(run)
            all = loaded.findings
        }
        guard !loaded.findings.isEmpty else {
            throw InvestigationError(.invalidRequest, "the selection holds no finding of run \(loaded.id); nothing to export")
        }
        let title = caseFile.map { "Case \($0.name)" } ?? "HawalaTrace report"
        let input = try reportInput(loaded, allFindings: all, title: title, includeDismissed: true)
        var parameters: [String: String] = [:]
        for parameter in input.run.parameters { parameters[parameter.name] = parameter.value }
        let findingsJSON = try FindingsRenderer.json(run: loaded.info, findings: loaded.findings)
        return SelectionPayload(
            analysisRun: CustodyRecord.AnalysisRun(id: loaded.id, parameters: parameters),
            findings: loaded.findings,
            transfers: input.transfers.map { ($0, input.provenance[$0.id]?.first) },
            findingsJSON: Data(findingsJSON.utf8),
            extraFiles: [
                PayloadFile(name: "graph.graphml", data: Data(GraphExport.graphML(input).utf8)),
                PayloadFile(name: "findings.ftm.jsonl", data: Data(GraphExport.followTheMoney(input).utf8)),
                PayloadFile(name: "report.html", data: Data(HTMLReport.render(input).utf8)),
            ],
            caseFile: caseFile, reviews: try custodyReviews(loaded.findings))
    }

    /// The review log entries behind findings (their own key's, or the finding's they grew from).
    func custodyReviews(_ findings: [Finding]) throws -> [CustodyRecord.Review] {
        let states = try reviewStates(findings)
        var entries: [Int64: ReviewEntry] = [:]
        for state in states.values { for entry in state.history { entries[entry.id] = entry } }
        return entries.values.sorted { $0.id < $1.id }.map { entry in
            CustodyRecord.Review(
                entry: entry.id, findingKey: entry.finding.key, findingID: entry.finding.findingID,
                runID: entry.finding.runID.map(String.init), from: entry.from?.rawValue, to: entry.to.rawValue,
                note: entry.note, by: entry.by, at: entry.at)
        }
    }
}
