import Foundation
import HawalaCore

/// How one parameter of a typology's planted instances is cut into buckets for recall.
public struct BucketRule: Sendable, Hashable {
    /// The typology.
    public var typology: Typology
    /// The truth.json parameter the buckets cut (e.g. `span_hours`).
    public var parameter: String
    /// Bucket `i` holds values in `[edges[i], edges[i+1])`; values below the first edge go to
    /// the first bucket, values at or above the last to the last.
    public var edges: [Double]
    /// One label per bucket (`edges.count - 1`).
    public var labels: [String]

    /// The bucket of a value.
    /// - Parameter value: the parameter's value.
    /// - Returns: an index into ``labels``.
    public func bucket(of value: Double) -> Int {
        var i = 0
        while i + 1 < labels.count && value >= edges[i + 1] { i += 1 }
        return i
    }
}

/// Recall of one bucket of one parameter.
public struct BucketRecall: Sendable, Codable, Hashable {
    /// The typology.
    public var typology: Typology
    /// The parameter cut.
    public var parameter: String
    /// The bucket's label, e.g. `"1–3 d"`.
    public var bucket: String
    /// Planted instances whose parameter falls in the bucket.
    public var planted: Int
    /// Those covered.
    public var covered: Int
    /// `covered / planted`, `nil` when none planted.
    public var recall: Double?
}

/// The share of the `k` highest-scored findings that touch a planted transfer.
public struct PrecisionAtK: Sendable, Codable, Hashable {
    /// The cut-off.
    public var k: Int
    /// Findings considered: `min(k, all findings)`.
    public var findings: Int
    /// Those touching at least one planted transfer (of any typology).
    public var touching: Int
    /// `touching / findings`, `nil` when there are no findings.
    public var precision: Double?
}

/// How often look-alikes of one kind were flagged as the typology they imitate.
public struct DecoyScore: Sendable, Codable, Hashable {
    /// The typology imitated.
    public var imitates: Typology
    /// The kind of look-alike.
    public var kind: DecoyKind
    /// Look-alikes of this kind and typology in the truth file.
    public var decoys: Int
    /// Those flagged (see ``Evaluation/decoyScores(truth:findings:planted:)``).
    public var flagged: Int
    /// Findings that flag at least one of them.
    public var findings: Int
}

extension Evaluation {
    /// The cut-offs of ``EvaluationReport/precisionAt``: the first page an analyst reads and two more.
    public static let precisionCutoffs = [10, 25, 100]

    /// The buckets recall is reported in (docs/evaluation.md, "Recall by bucket"): the
    /// ranges of issue 9 cut where rules tend to break (windows, delays, counts).
    public static let bucketRules: [BucketRule] = [
        BucketRule(typology: .cycle, parameter: "span_hours", edges: [0, 24, 72, 168, 504],
                   labels: ["< 1 d", "1–3 d", "3–7 d", "7–21 d"]),
        BucketRule(typology: .cycle, parameter: "hops", edges: [2, 3, 5, 7], labels: ["2", "3–4", "5–6"]),
        BucketRule(typology: .rapidPassThrough, parameter: "max_delay_hours", edges: [0, 1, 6, 12],
                   labels: ["< 1 h", "1–6 h", "6–12 h"]),
        BucketRule(typology: .rapidPassThrough, parameter: "relays", edges: [2, 3, 4, 5], labels: ["2", "3", "4"]),
        BucketRule(typology: .scatterGather, parameter: "span_hours", edges: [0, 24, 72, 120],
                   labels: ["< 1 d", "1–3 d", "3–5 d"]),
        BucketRule(typology: .scatterGather, parameter: "intermediaries", edges: [4, 7, 11], labels: ["4–6", "7–10"]),
        BucketRule(typology: .gatherScatter, parameter: "span_hours", edges: [0, 24, 72, 120],
                   labels: ["< 1 d", "1–3 d", "3–5 d"]),
        BucketRule(typology: .gatherScatter, parameter: "sources", edges: [4, 7, 11], labels: ["4–6", "7–10"]),
        BucketRule(typology: .fanIn, parameter: "window_hours", edges: [0, 12, 24, 72],
                   labels: ["< 12 h", "12–24 h", "1–3 d"]),
        BucketRule(typology: .fanIn, parameter: "counterparties", edges: [8, 12, 16, 21],
                   labels: ["8–11", "12–15", "16–20"]),
        BucketRule(typology: .fanOut, parameter: "window_hours", edges: [0, 12, 24, 72],
                   labels: ["< 12 h", "12–24 h", "1–3 d"]),
        BucketRule(typology: .fanOut, parameter: "counterparties", edges: [8, 12, 16, 21],
                   labels: ["8–11", "12–15", "16–20"]),
        BucketRule(typology: .structuring, parameter: "span_days", edges: [0, 3, 14, 42],
                   labels: ["< 3 d", "3–14 d", "14–42 d"]),
        BucketRule(typology: .structuring, parameter: "anchor_brokers", edges: [1, 2, 3, 4], labels: ["1", "2", "3"]),
        BucketRule(typology: .structuring, parameter: "by_originator", edges: [0, 1, 2],
                   labels: ["one beneficiary", "one originator"]),
        BucketRule(typology: .volumeSpike, parameter: "multiple", edges: [0, 20, 50, 1e12],
                   labels: ["10–20×", "20–50×", "≥ 50×"]),
        BucketRule(typology: .settlementImbalance, parameter: "span_days", edges: [0, 21, 28, 35, 43],
                   labels: ["< 3 w", "3–4 w", "4–5 w", "5–6 w"]),
        BucketRule(typology: .settlementImbalance, parameter: "transfers", edges: [8, 13, 21], labels: ["8–12", "13–20"]),
    ]

    /// Recall per bucket of ``bucketRules``, for the typologies planted; instances without the
    /// parameter (older truth files) are left out of that parameter's buckets.
    /// - Parameters:
    ///   - instances: the planted instances.
    ///   - covered: whether each instance is covered (same order).
    /// - Returns: one row per bucket, in rule then bucket order.
    public static func bucketRecall(_ instances: [PlantedInstance], covered: [Bool]) -> [BucketRecall] {
        var rows: [BucketRecall] = []
        for rule in bucketRules {
            let members = instances.indices.filter { instances[$0].typology == rule.typology }
            guard !members.isEmpty else { continue }
            var planted = Array(repeating: 0, count: rule.labels.count), hit = planted
            var any = false
            for i in members {
                guard let value = instances[i].parameters[rule.parameter] else { continue }
                any = true
                let b = rule.bucket(of: value)
                planted[b] += 1
                if covered[i] { hit[b] += 1 }
            }
            guard any else { continue }
            for (b, label) in rule.labels.enumerated() {
                rows.append(BucketRecall(
                    typology: rule.typology, parameter: rule.parameter, bucket: label, planted: planted[b],
                    covered: hit[b], recall: planted[b] > 0 ? Double(hit[b]) / Double(planted[b]) : nil))
            }
        }
        return rows
    }

    /// Findings in ranking order: score descending, then id ascending (a total order).
    /// - Parameter findings: the findings.
    /// - Returns: them, ranked.
    public static func ranked(_ findings: [Finding]) -> [Finding] {
        findings.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    /// Precision at each cut-off of ``precisionCutoffs``: of the `k` highest-scored findings
    /// (``ranked(_:)``), the share that touch at least one planted transfer.
    /// - Parameters:
    ///   - findings: the findings.
    ///   - planted: every planted transfer id.
    /// - Returns: one row per cut-off.
    public static func precisionAt(_ findings: [Finding], planted: Set<String>) -> [PrecisionAtK] {
        let order = ranked(findings)
        return precisionCutoffs.map { k in
            let top = order.prefix(k)
            let touching = top.filter { $0.transferIDs.contains(where: planted.contains) }.count
            return PrecisionAtK(k: k, findings: top.count, touching: touching,
                                precision: top.isEmpty ? nil : Double(touching) / Double(top.count))
        }
    }

    /// Look-alikes flagged as the typology they imitate. A decoy is **flagged** when a finding
    /// of the typology it imitates holds at least one of its transfers and no planted transfer
    /// (a finding that also holds planted transfers is credited to the planted instance).
    /// - Parameters:
    ///   - truth: the truth, with its decoys.
    ///   - findings: the findings.
    ///   - planted: every planted transfer id.
    /// - Returns: one row per (imitated typology, kind) present, in typology then kind order,
    ///   and the ids of the flagged decoys in truth order.
    public static func decoyScores(truth: GroundTruth, findings: [Finding], planted: Set<String>)
        -> (rows: [DecoyScore], flagged: [String]) {
        let decoys = truth.decoys
        var owners: [String: [Int]] = [:]
        for (i, d) in decoys.enumerated() {
            for id in Set(d.transferIDs) { owners[id, default: []].append(i) }
        }
        var flagged = Array(repeating: false, count: decoys.count)
        var findingsPerGroup: [String: Int] = [:]
        for finding in findings where !finding.transferIDs.contains(where: planted.contains) {
            var groups = Set<String>()
            for id in finding.transferIDs {
                for i in owners[id] ?? [] where decoys[i].imitates == finding.typology {
                    flagged[i] = true
                    groups.insert(decoys[i].imitates.rawValue + "/" + decoys[i].kind.rawValue)
                }
            }
            for g in groups { findingsPerGroup[g, default: 0] += 1 }
        }
        var rows: [DecoyScore] = []
        for typology in Typology.allCases {
            for kind in DecoyKind.allCases {
                let members = decoys.indices.filter { decoys[$0].imitates == typology && decoys[$0].kind == kind }
                guard !members.isEmpty else { continue }
                rows.append(DecoyScore(
                    imitates: typology, kind: kind, decoys: members.count, flagged: members.filter { flagged[$0] }.count,
                    findings: findingsPerGroup[typology.rawValue + "/" + kind.rawValue] ?? 0))
            }
        }
        return (rows, decoys.indices.filter { flagged[$0] }.map { decoys[$0].id })
    }
}
