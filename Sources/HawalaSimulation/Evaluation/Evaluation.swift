import Foundation
import HawalaCore

/// The scores of one typology.
public struct TypologyScore: Sendable, Codable, Hashable {
    /// The typology.
    public var typology: Typology
    /// Instances planted.
    public var planted: Int
    /// Planted instances covered by a finding of this typology.
    public var covered: Int
    /// `covered / planted`, or `nil` when nothing was planted.
    public var recall: Double?
    /// Findings of this typology.
    public var findings: Int
    /// Findings of this typology that touch no planted transfer of any typology.
    public var falsePositives: Int
    /// ``findings`` per 1,000 transfers.
    public var findingsPer1000: Double
    /// ``falsePositives`` per 1,000 transfers.
    public var falsePositivesPer1000: Double

    enum CodingKeys: String, CodingKey {
        case typology, planted, covered, recall, findings
        case falsePositives = "false_positives"
        case findingsPer1000 = "findings_per_1000"
        case falsePositivesPer1000 = "false_positives_per_1000"
    }
}

/// How a run's findings score against the planted truth of a simulated set.
public struct EvaluationReport: Sendable, Codable, Hashable {
    /// The analysis run scored, when known.
    public var run: String?
    /// Transfers in the analysed data (the denominator of the per-1,000 rates).
    public var transfers: Int
    /// One row per typology that was planted or found, in ``Typology`` order.
    public var typologies: [TypologyScore]
    /// Instances planted, all typologies.
    public var planted: Int
    /// Instances covered, all typologies.
    public var covered: Int
    /// `covered / planted`, or `nil` when nothing was planted.
    public var recall: Double?
    /// Findings, all typologies.
    public var findings: Int
    /// Findings touching no planted transfer, all typologies.
    public var falsePositives: Int
    /// ``falsePositives`` per 1,000 transfers.
    public var falsePositivesPer1000: Double
    /// The ids of the planted instances no finding covers (`P-0012`), in truth order.
    public var missed: [String]
    /// Recall per bucket of the instances' parameters (``Evaluation/bucketRules``).
    public var buckets: [BucketRecall]
    /// Precision at 10, 25 and 100 findings, by score.
    public var precisionAt: [PrecisionAtK]
    /// Look-alikes flagged as the typology they imitate, per typology and kind.
    public var decoys: [DecoyScore]
    /// Look-alikes in the truth file.
    public var decoysPlanted: Int
    /// Look-alikes flagged as the typology they imitate.
    public var decoysFlagged: Int
    /// Their ids (`D-0004`), in truth order.
    public var flaggedDecoys: [String]

    enum CodingKeys: String, CodingKey {
        case run, transfers, typologies, planted, covered, recall, findings
        case falsePositives = "false_positives"
        case falsePositivesPer1000 = "false_positives_per_1000"
        case missed, buckets
        case precisionAt = "precision_at"
        case decoys
        case decoysPlanted = "decoys_planted"
        case decoysFlagged = "decoys_flagged"
        case flaggedDecoys = "flagged_decoys"
    }
}

/// Scores findings against the ground truth of `hawala simulate`.
///
/// Rules (docs/evaluation.md, "Scoring"):
/// - a planted **cycle** is covered by a `cycle` finding whose transfers include every
///   transfer of the planted cycle;
/// - any other planted instance is covered by a finding of the same typology whose transfers
///   include at least half of the instance's transfers (rounded up);
/// - a finding is a false positive when it touches no planted transfer of any typology
///   (a `rapid_pass_through` finding on a planted scatter-gather is not counted against it);
/// - recall = covered / planted per typology, and per bucket of the instances' parameters
///   (``bucketRules``); rates per 1,000 transfers use `transferCount`;
/// - precision at 10, 25, 100: of the highest-scored findings, the share touching a planted
///   transfer (``precisionAt(_:planted:)``);
/// - a look-alike is flagged when a finding of the typology it imitates holds one of its
///   transfers and no planted transfer (``decoyScores(truth:findings:planted:)``).
public enum Evaluation {
    /// Scores findings against the truth.
    /// - Parameters:
    ///   - truth: the planted instances.
    ///   - findings: the findings of one analysis run.
    ///   - transferCount: the number of transfers analysed (≥ 1 for meaningful rates).
    ///   - run: the run's id, echoed in the report.
    /// - Returns: the report.
    public static func score(
        truth: GroundTruth, findings: [Finding], transferCount: Int, run: String? = nil
    ) -> EvaluationReport {
        let instances = truth.instances
        var owners: [String: [Int]] = [:]
        for (i, instance) in instances.enumerated() {
            for id in Set(instance.transferIDs) { owners[id, default: []].append(i) }
        }
        var covered = Array(repeating: false, count: instances.count)
        var findingsByTypology: [Typology: Int] = [:]
        var falseByTypology: [Typology: Int] = [:]
        for finding in findings {
            findingsByTypology[finding.typology, default: 0] += 1
            var hits: [Int: Int] = [:]
            for id in Set(finding.transferIDs) {
                for i in owners[id] ?? [] { hits[i, default: 0] += 1 }
            }
            if hits.isEmpty { falseByTypology[finding.typology, default: 0] += 1 }
            for (i, count) in hits where instances[i].typology == finding.typology {
                let size = Set(instances[i].transferIDs).count
                let enough = finding.typology == .cycle ? count == size : count * 2 >= size
                if enough { covered[i] = true }
            }
        }
        let per1000 = { (n: Int) -> Double in transferCount > 0 ? Double(n) * 1000 / Double(transferCount) : 0 }
        var rows: [TypologyScore] = []
        for typology in Typology.allCases {
            let planted = instances.indices.filter { instances[$0].typology == typology }
            let found = findingsByTypology[typology] ?? 0
            guard !planted.isEmpty || found > 0 else { continue }
            let hit = planted.filter { covered[$0] }.count
            let fp = falseByTypology[typology] ?? 0
            rows.append(TypologyScore(
                typology: typology, planted: planted.count, covered: hit,
                recall: planted.isEmpty ? nil : Double(hit) / Double(planted.count), findings: found,
                falsePositives: fp, findingsPer1000: per1000(found), falsePositivesPer1000: per1000(fp)))
        }
        let totalCovered = covered.filter { $0 }.count
        let totalFalse = falseByTypology.values.reduce(0, +)
        let plantedIDs = Set(owners.keys)
        let decoys = decoyScores(truth: truth, findings: findings, planted: plantedIDs)
        return EvaluationReport(
            run: run, transfers: transferCount, typologies: rows, planted: instances.count, covered: totalCovered,
            recall: instances.isEmpty ? nil : Double(totalCovered) / Double(instances.count), findings: findings.count,
            falsePositives: totalFalse, falsePositivesPer1000: per1000(totalFalse),
            missed: instances.indices.filter { !covered[$0] }.map { instances[$0].id },
            buckets: bucketRecall(instances, covered: covered), precisionAt: precisionAt(findings, planted: plantedIDs),
            decoys: decoys.rows, decoysPlanted: truth.decoys.count, decoysFlagged: decoys.flagged.count,
            flaggedDecoys: decoys.flagged)
    }

    /// A readable table of the report, one row per typology and a total.
    /// - Parameter report: the report.
    /// - Returns: text ending with a newline.
    public static func text(_ report: EvaluationReport) -> String {
        var lines: [String] = []
        let run = report.run.map { "run \($0)" } ?? "findings"
        lines.append("Evaluation of \(run) against planted truth (\(report.transfers) transfers, \(report.planted) planted instances)")
        let header = pad("typology", 22) + lpad("planted", 8) + lpad("covered", 8) + lpad("recall", 8)
            + lpad("findings", 9) + lpad("false+", 8) + lpad("findings/1k", 12) + lpad("false+/1k", 10)
        lines.append(header)
        func row(_ name: String, _ planted: Int, _ covered: Int, _ recall: Double?, _ findings: Int, _ fp: Int,
                 _ f1k: Double, _ fp1k: Double) -> String {
            pad(name, 22) + lpad(String(planted), 8) + lpad(String(covered), 8)
                + lpad(recall.map { String(format: "%.3f", $0) } ?? "-", 8) + lpad(String(findings), 9)
                + lpad(String(fp), 8) + lpad(String(format: "%.3f", f1k), 12) + lpad(String(format: "%.3f", fp1k), 10)
        }
        for r in report.typologies {
            lines.append(row(r.typology.rawValue, r.planted, r.covered, r.recall, r.findings, r.falsePositives,
                             r.findingsPer1000, r.falsePositivesPer1000))
        }
        let f1k = report.transfers > 0 ? Double(report.findings) * 1000 / Double(report.transfers) : 0
        lines.append(row("all", report.planted, report.covered, report.recall, report.findings, report.falsePositives,
                         f1k, report.falsePositivesPer1000))
        lines.append("(false+ = findings touching no planted transfer; /1k = per 1,000 transfers)")
        if !report.missed.isEmpty {
            let shown = report.missed.prefix(20).joined(separator: ", ")
            lines.append("missed: \(shown)\(report.missed.count > 20 ? ", … (\(report.missed.count) in all)" : "")")
        }
        let ratio = { (r: Double?) in r.map { String(format: "%.3f", $0) } ?? "-" }
        if !report.precisionAt.isEmpty {
            lines.append("")
            lines.append("precision by score (findings touching a planted transfer among the highest-scored):")
            for p in report.precisionAt {
                lines.append("  at \(p.k): \(p.touching) of \(p.findings) = \(ratio(p.precision))")
            }
        }
        if !report.buckets.isEmpty {
            lines.append("")
            lines.append("recall by bucket:")
            lines.append("  " + pad("typology", 22) + pad("parameter", 17) + pad("bucket", 17) + lpad("planted", 8)
                         + lpad("covered", 8) + lpad("recall", 8))
            for b in report.buckets {
                lines.append("  " + pad(b.typology.rawValue, 22) + pad(b.parameter, 17) + pad(b.bucket, 17)
                             + lpad(String(b.planted), 8) + lpad(String(b.covered), 8) + lpad(ratio(b.recall), 8))
            }
        }
        lines.append("")
        lines.append("look-alikes flagged as the typology they imitate: \(report.decoysFlagged) of \(report.decoysPlanted)")
        if !report.decoys.isEmpty {
            lines.append("  " + pad("imitates", 22) + pad("kind", 24) + lpad("decoys", 8) + lpad("flagged", 8)
                         + lpad("findings", 9))
            for d in report.decoys {
                lines.append("  " + pad(d.imitates.rawValue, 22) + pad(d.kind.rawValue, 24) + lpad(String(d.decoys), 8)
                             + lpad(String(d.flagged), 8) + lpad(String(d.findings), 9))
            }
        }
        if !report.flaggedDecoys.isEmpty {
            let shown = report.flaggedDecoys.prefix(20).joined(separator: ", ")
            lines.append("flagged: \(shown)\(report.flaggedDecoys.count > 20 ? ", … (\(report.flaggedDecoys.count) in all)" : "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (``JSONCoding/encoder()``: sorted keys, pretty printed).
    /// - Parameter report: the report.
    /// - Returns: the JSON text.
    /// - Throws: an `EncodingError` (not expected for these types).
    public static func json(_ report: EvaluationReport) throws -> String {
        String(decoding: try JSONCoding.encoder().encode(report), as: UTF8.self) + "\n"
    }

    /// Reads findings written by `hawala findings --format json`: either
    /// `{"run": ..., "findings": [...]}` or a bare array of findings.
    /// - Parameter url: the file.
    /// - Returns: the run id (text of `run`, or of `run.id`, when present) and the findings.
    /// - Throws: ``SimulationError`` `missingInput` or `malformed`.
    public static func readFindings(from url: URL) throws -> (run: String?, findings: [Finding]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SimulationError(.missingInput, "cannot read the findings file", location: SourceLocation(file: url.path),
                                  underlying: error)
        }
        let decoder = JSONCoding.decoder()
        if let list = try? decoder.decode([Finding].self, from: data) { return (nil, list) }
        do {
            let wrapped = try decoder.decode(FindingsFile.self, from: data)
            return (wrapped.run?.text, wrapped.findings)
        } catch {
            throw SimulationError(.malformed, "expected the JSON of `hawala findings --format json`",
                                  location: SourceLocation(file: url.path), underlying: error)
        }
    }

    private struct FindingsFile: Decodable {
        var run: RunField?
        var findings: [Finding]
    }

    /// `run` as a string, a number, or an object with an `id`.
    private struct RunField: Decodable {
        var text: String?
        private struct WithID: Decodable {
            var id: RunField
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let s = try? container.decode(String.self) {
                text = s
            } else if let n = try? container.decode(Int.self) {
                text = String(n)
            } else if let object = try? container.decode(WithID.self) {
                text = object.id.text
            } else {
                text = nil
            }
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
    static func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s }
}
