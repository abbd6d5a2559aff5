import Foundation
import HawalaCore

/// Runs the enabled detectors over a transfer graph and returns their findings, sorted and
/// numbered deterministically, with the cost of each detector.
public enum AnalysisEngine {
    /// Runs every enabled detector, one after the other (each parallel inside).
    ///
    /// Findings are sorted by typology (``Typology`` order), first time, brokers (as text,
    /// element by element), last time, then transfer ids, and numbered `F-000001`, … in that
    /// order; the same graph and rules give the same findings in the same order for any
    /// thread count.
    /// - Parameters:
    ///   - graph: the transfer graph (amounts in its reporting currency).
    ///   - rules: the rules, with `--only` / `--skip` already applied.
    ///   - threads: worker threads, at least 1 (default: the active processor count).
    ///   - progress: called after each detector, on the calling thread, with its report.
    /// - Returns: the findings, per-detector reports, notes and the data snapshot.
    /// - Throws: ``AnalysisError`` `invalidRules` when the rules hold invalid values.
    public static func run(
        graph: TransferGraph, rules: AnalysisRules, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: ((DetectorReport) -> Void)? = nil
    ) throws -> AnalysisResult {
        let problems = rules.problems()
        if !problems.isEmpty { throw AnalysisError(.invalidRules, problems.joined(separator: "; ")) }
        let started = Date()
        let workers = max(1, threads)
        var findings: [Finding] = []
        var reports: [DetectorReport] = []
        var notes: [String] = []
        if graph.skippedWithoutAmount > 0 {
            notes.append(
                "\(graph.skippedWithoutAmount) transfers had no amount in \(graph.currency) (no exchange rate) and were left out")
        }
        let context = rules.enabledTypologies.isEmpty ? nil : DetectionContext(graph: graph, rules: rules)
        for typology in rules.enabledTypologies {
            let clock = Stopwatch()
            let output = detector(typology, rules, context: context!)(graph, workers)
            let report = DetectorReport(
                typology: typology, findings: output.findings.count, cpuSeconds: clock.cpu, wallSeconds: clock.wall,
                notes: output.notes)
            findings += output.findings
            notes += output.notes
            reports.append(report)
            progress?(report)
        }
        findings.sort(by: findingOrder)
        for i in findings.indices { findings[i].id = String(format: "F-%06d", i + 1) }
        return AnalysisResult(
            findings: findings, detectors: reports, notes: notes, rules: rules, snapshot: DataSnapshot(graph: graph),
            startedAt: started, finishedAt: Date(), threads: workers)
    }

    /// The detector of `typology` as a function of (graph, threads).
    static func detector(
        _ typology: Typology, _ rules: AnalysisRules, context: DetectionContext
    ) -> (TransferGraph, Int) -> DetectorOutput {
        switch typology {
        case .cycle: { CycleDetector(rules: rules.cycle).detect(graph: $0, threads: $1, context: context) }
        case .fanIn: { FanDetector(rules: rules.fanIn, typology: .fanIn).detect(graph: $0, threads: $1, context: context) }
        case .fanOut: { FanDetector(rules: rules.fanOut, typology: .fanOut).detect(graph: $0, threads: $1, context: context) }
        case .scatterGather: { ScatterGatherDetector(rules: rules.scatterGather).detect(graph: $0, threads: $1, context: context) }
        case .gatherScatter: { GatherScatterDetector(rules: rules.gatherScatter).detect(graph: $0, threads: $1, context: context) }
        case .structuring: { StructuringDetector(rules: rules.structuring).detect(graph: $0, threads: $1, context: context) }
        case .rapidPassThrough: { RapidPassThroughDetector(rules: rules.rapidPassThrough).detect(graph: $0, threads: $1, context: context) }
        case .volumeSpike: { VolumeSpikeDetector(rules: rules.volumeSpike).detect(graph: $0, threads: $1, context: context) }
        case .settlementImbalance: {
            SettlementImbalanceDetector(rules: rules.settlementImbalance).detect(graph: $0, threads: $1, context: context)
        }
        case .settlementRing: { SettlementRingDetector(rules: rules.settlementRing).detect(graph: $0, threads: $1) }
        }
    }

    /// The documented total order of findings.
    static func findingOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.typology != b.typology { return a.typology < b.typology }
        if a.firstAt != b.firstAt { return a.firstAt < b.firstAt }
        if a.brokers != b.brokers { return a.brokers.lexicographicallyPrecedes(b.brokers) }
        if a.lastAt != b.lastAt { return a.lastAt < b.lastAt }
        if a.transferIDs != b.transferIDs { return a.transferIDs.lexicographicallyPrecedes(b.transferIDs) }
        return a.explanation < b.explanation
    }
}
