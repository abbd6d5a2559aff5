import Foundation
import HawalaCore

/// The data an analysis run looked at.
public struct DataSnapshot: Codable, Sendable, Equatable {
    /// Transfers in the graph.
    public var transferCount: Int
    /// Transfers left out because they had no amount in the reporting currency.
    public var skippedTransfers: Int
    /// Brokers in the graph.
    public var brokerCount: Int
    /// The first transfer's time, UTC (`nil` for no data).
    public var firstAt: Date?
    /// The last transfer's time, UTC (`nil` for no data).
    public var lastAt: Date?
    /// The reporting currency of every amount.
    public var currency: CurrencyCode

    /// - Parameter graph: the graph analysed.
    public init(graph: TransferGraph) {
        transferCount = graph.edgeCount
        skippedTransfers = graph.skippedWithoutAmount
        brokerCount = graph.brokerCount
        firstAt = graph.firstTime
        lastAt = graph.lastTime
        currency = graph.currency
    }

    enum CodingKeys: String, CodingKey {
        case transferCount = "transfer_count"
        case skippedTransfers = "skipped_transfers"
        case brokerCount = "broker_count"
        case firstAt = "first_at"
        case lastAt = "last_at"
        case currency
    }
}

/// One detector's part of a run: what it found and what it cost.
public struct DetectorReport: Codable, Sendable, Equatable {
    /// The detector.
    public var typology: Typology
    /// Findings it produced.
    public var findings: Int
    /// Process CPU seconds (all threads) it took.
    public var cpuSeconds: Double
    /// Wall-clock seconds it took.
    public var wallSeconds: Double
    /// Its notes (caps hit and the like).
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case typology, findings, notes
        case cpuSeconds = "cpu_seconds"
        case wallSeconds = "wall_seconds"
    }

    /// `"cycle: 45 findings (0.12 s CPU, 0.07 s)"`.
    public var line: String {
        String(format: "%@: %d finding%@ (%.2f s CPU, %.2f s)", typology.rawValue, findings, findings == 1 ? "" : "s", cpuSeconds, wallSeconds)
    }
}

/// The outcome of ``AnalysisEngine/run(graph:rules:threads:progress:)``.
public struct AnalysisResult: Sendable {
    /// The findings with ids `F-000001`…, sorted by typology (``Typology`` order), first
    /// time, brokers, last time, then transfer ids.
    public var findings: [Finding]
    /// One report per detector that ran, in ``Typology`` order.
    public var detectors: [DetectorReport]
    /// Notes for the run record: caps hit, skipped transfers.
    public var notes: [String]
    /// The rules used (after `--only` / `--skip`).
    public var rules: AnalysisRules
    /// The data analysed.
    public var snapshot: DataSnapshot
    /// When the run started and finished, UTC.
    public var startedAt: Date
    /// When the run finished, UTC.
    public var finishedAt: Date
    /// Worker threads used.
    public var threads: Int

    /// The rules as JSON, for the run record's parameters.
    public var rulesJSON: String { rules.jsonText }

    /// Findings per typology, for every detector that ran (zeros included).
    public var countsByTypology: [Typology: Int] {
        var counts: [Typology: Int] = [:]
        for report in detectors { counts[report.typology] = report.findings }
        return counts
    }

    /// The summary `hawala analyze` prints: one line per typology, then the total.
    public var summaryLines: [String] {
        var lines = detectors.map { "\($0.typology.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0))\($0.findings)" }
        lines.append("\("total".padding(toLength: 22, withPad: " ", startingAt: 0))\(findings.count)")
        return lines
    }

    /// The run's record for `hawala findings --format json` and the store.
    /// - Parameter id: the run's id as the store gave it.
    /// - Returns: the record.
    public func runInfo(id: String) -> AnalysisRunInfo {
        AnalysisRunInfo(
            id: id, startedAt: startedAt, finishedAt: finishedAt, snapshot: snapshot,
            counts: Dictionary(uniqueKeysWithValues: countsByTypology.map { ($0.key.rawValue, $0.value) }),
            notes: notes, rules: rules, detectors: detectors)
    }
}

/// An analysis run as stored and as printed in `{"run": ..., "findings": [...]}`.
public struct AnalysisRunInfo: Codable, Sendable, Equatable {
    /// The run's id (given by the store).
    public var id: String
    /// When the run started, UTC.
    public var startedAt: Date
    /// When it finished, UTC.
    public var finishedAt: Date
    /// The data analysed: transfer count, time span.
    public var snapshot: DataSnapshot
    /// Findings per typology (detector name → count) for the detectors that ran.
    public var counts: [String: Int]
    /// Caps hit and other notes.
    public var notes: [String]
    /// The rules used.
    public var rules: AnalysisRules
    /// Cost per detector.
    public var detectors: [DetectorReport]

    /// - Parameters: the fields, as named.
    public init(
        id: String, startedAt: Date, finishedAt: Date, snapshot: DataSnapshot, counts: [String: Int], notes: [String],
        rules: AnalysisRules, detectors: [DetectorReport]
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.snapshot = snapshot
        self.counts = counts
        self.notes = notes
        self.rules = rules
        self.detectors = detectors
    }

    enum CodingKeys: String, CodingKey {
        case id, snapshot, counts, notes, rules, detectors
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
