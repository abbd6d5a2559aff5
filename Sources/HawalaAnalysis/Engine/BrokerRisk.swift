import Foundation
import HawalaCore

/// A broker's risk from the findings it takes part in, for `hawala brokers --top N`.
///
/// Score in 0...1: `1 − Π_f (1 − w(typology_f) · r(role) · score_f)` over the broker's
/// findings f: a probabilistic "or", so one strong finding counts and more findings push the
/// score towards 1 without ever passing it. Typology weights w: cycle 0.6,
/// rapid_pass_through 0.5, scatter_gather 0.5, structuring 0.5, gather_scatter 0.4,
/// settlement_imbalance 0.4, fan_in 0.3, fan_out 0.3, volume_spike 0.2. Role r: 1 for a
/// broker central to the pattern (every broker of a cycle, pass-through chain, pair finding,
/// structuring channel; the hub of fan-in/out and gather-scatter = the first broker; the
/// source and the destination of scatter-gather = first and last), 0.5 for the others
/// (counterparties of a fan, intermediaries).
public struct BrokerRisk: Codable, Sendable, Equatable {
    /// The broker's id.
    public var broker: String
    /// The broker's name, when known.
    public var name: String?
    /// The risk score, 0...1.
    public var score: Double
    /// The number of findings the broker takes part in.
    public var findingCount: Int
    /// Findings per typology (raw value → count).
    public var typologies: [String: Int]
    /// Readable reasons, strongest first, e.g. `"2 cycle findings (best 0.91, F-000003)"`.
    public var reasons: [String]
    /// The ids of the broker's findings, in finding order.
    public var findingIDs: [String]

    enum CodingKeys: String, CodingKey {
        case broker, name, score, typologies, reasons
        case findingCount = "finding_count"
        case findingIDs = "finding_ids"
    }

    /// The weight of a typology in the risk score.
    public static func weight(_ typology: Typology) -> Double {
        switch typology {
        case .cycle: 0.6
        case .settlementRing: 0.5
        case .rapidPassThrough, .scatterGather, .structuring: 0.5
        case .gatherScatter, .settlementImbalance: 0.4
        case .fanIn, .fanOut: 0.3
        case .volumeSpike: 0.2
        }
    }

    /// The role factor of the broker at `index` among a finding's `count` brokers.
    static func role(_ typology: Typology, index: Int, count: Int) -> Double {
        switch typology {
        case .fanIn, .fanOut, .gatherScatter: index == 0 ? 1 : 0.5
        case .scatterGather: index == 0 || index == count - 1 ? 1 : 0.5
        default: 1
        }
    }

    /// Ranks the brokers of `findings` by risk.
    /// - Parameters:
    ///   - findings: the run's findings.
    ///   - brokers: known brokers, to attach names (may be empty).
    ///   - top: how many to return (`nil` = all).
    /// - Returns: brokers by score (highest first), then finding count, then id.
    public static func rank(findings: [Finding], brokers: [Broker] = [], top: Int? = nil) -> [BrokerRisk] {
        struct Tally {
            var survival = 1.0
            var ids: [String] = []
            var perTypology: [Typology: (count: Int, best: Double, bestID: String, contribution: Double)] = [:]
        }
        var tallies: [String: Tally] = [:]
        for finding in findings {
            var seen = Set<String>()
            for (index, broker) in finding.brokers.enumerated() where seen.insert(broker).inserted {
                let part = weight(finding.typology) * role(finding.typology, index: index, count: finding.brokers.count)
                    * finding.score
                var tally = tallies[broker, default: Tally()]
                tally.survival *= 1 - part
                tally.ids.append(finding.id)
                var entry = tally.perTypology[finding.typology] ?? (0, -1, "", 0)
                entry.count += 1
                entry.contribution += part
                if finding.score > entry.best {
                    entry.best = finding.score
                    entry.bestID = finding.id
                }
                tally.perTypology[finding.typology] = entry
                tallies[broker] = tally
            }
        }
        let names = Dictionary(brokers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var ranked = tallies.map { broker, tally in
            let reasons = tally.perTypology.sorted {
                ($0.value.contribution, $1.key) > ($1.value.contribution, $0.key)
            }.map { typology, entry in
                "\(entry.count) \(typology.rawValue) finding\(entry.count == 1 ? "" : "s") (best "
                    + String(format: "%.2f", entry.best) + ", \(entry.bestID))"
            }
            return BrokerRisk(
                broker: broker, name: names[broker] ?? nil, score: 1 - tally.survival, findingCount: tally.ids.count,
                typologies: Dictionary(uniqueKeysWithValues: tally.perTypology.map { ($0.key.rawValue, $0.value.count) }),
                reasons: reasons, findingIDs: tally.ids)
        }
        ranked.sort { ($1.score, $1.findingCount, $0.broker) < ($0.score, $0.findingCount, $1.broker) }
        if let top { return Array(ranked.prefix(max(0, top))) }
        return ranked
    }
}
