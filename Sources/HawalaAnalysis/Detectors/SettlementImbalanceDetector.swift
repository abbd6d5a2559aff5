import Foundation
import HawalaCore

/// `settlement_imbalance`: a large, one-sided net position between two brokers over a period.
///
/// Rule: for brokers A, B and a period p (periods of `period_days`, aligned to the UTC
/// midnight before the first transfer), with S_AB = Σ a(A → B) and S_BA = Σ a(B → A) over
/// the period: flag when |S_AB − S_BA| ≥ `min_net`, |S_AB − S_BA| / (S_AB + S_BA) ≥
/// `min_one_sidedness`, and the pair exchanged at least `min_transfers` transfers. In
/// hawala, brokers who pay out for each other must settle; a position that only grows one
/// way means the settlement happens outside the data (cash couriers, trade invoices
/// (over/under-invoicing), a third broker), which is where an analyst looks next.
///
/// Search: per broker A (parallel over chunks of brokers), its in- and out-transfers with
/// counterparties B > A are sorted by (B, time) and summed per period in one pass.
/// Sources: FATF, "The role of hawala and other similar service providers in money
/// laundering and terrorist financing" (2013), on settlement through trade and cash;
/// Passas, "Informal value transfer systems, terrorism and money laundering" (2005).
///
/// Score: ``excessScore`` of (|net|, `min_net`) and (one-sidedness, `min_one_sidedness`).
public struct SettlementImbalanceDetector: Sendable {
    /// The rules used.
    public var rules: SettlementImbalanceRules

    /// - Parameter rules: the `settlement_imbalance` section.
    public init(rules: SettlementImbalanceRules) {
        self.rules = rules
    }

    func detect(graph: TransferGraph, threads: Int) -> DetectorOutput {
        let origin = graph.dayOrigin
        let width = max(1, seconds(days: rules.periodDays))
        return graph.perBrokerChunks(threads: threads) { brokers in
            var findings: [Finding] = []
            for a in brokers {
                var mine: [(other: Int32, edge: Int32)] = []
                for slot in graph.outRange(Int32(a)) where Int(graph.outTo[slot]) > a {
                    mine.append((graph.outTo[slot], graph.outEdges[slot]))
                }
                for slot in graph.inRange(Int32(a)) where Int(graph.inFrom[slot]) > a {
                    mine.append((graph.inFrom[slot], graph.inEdges[slot]))
                }
                if mine.count < rules.minTransfers { continue }
                mine.sort { ($0.other, $0.edge) < ($1.other, $1.edge) }
                var start = 0
                while start < mine.count {
                    var end = start
                    while end < mine.count && mine[end].other == mine[start].other { end += 1 }
                    if end - start >= rules.minTransfers {
                        findings += scanPair(
                            graph, a: Int32(a), edges: mine[start..<end].map(\.edge), origin: origin, width: width)
                    }
                    start = end
                }
            }
            return DetectorOutput(findings: findings)
        }
    }

    private func scanPair(_ graph: TransferGraph, a: Int32, edges: [Int32], origin: Int64, width: Int64) -> [Finding] {
        var findings: [Finding] = []
        var start = 0
        while start < edges.count {
            let period = (graph.time[Int(edges[start])] - origin) / width
            var end = start
            var fromA = 0.0
            var toA = 0.0
            while end < edges.count && (graph.time[Int(edges[end])] - origin) / width == period {
                let e = Int(edges[end])
                if graph.from[e] == a { fromA += graph.amount[e] } else { toA += graph.amount[e] }
                end += 1
            }
            let net = abs(fromA - toA)
            let gross = fromA + toA
            if end - start >= rules.minTransfers && net >= rules.minNet && gross > 0
                && net / gross >= rules.minOneSidedness - 1e-12
            {
                let group = Array(edges[start..<end])
                let b = graph.from[Int(group[0])] == a ? graph.to[Int(group[0])] : graph.from[Int(group[0])]
                let (payer, payee) = fromA >= toA ? (a, b) : (b, a)
                let paid = max(fromA, toA)
                let back = min(fromA, toA)
                let listed = Array(group.prefix(rules.maxTransfersListed))
                let from = Date(timeIntervalSince1970: TimeInterval(origin + period * width))
                let sentence =
                    "\(graph.brokerName(payer)) paid \(graph.brokerName(payee)) \(Explain.money(paid, graph.currency)) "
                    + "and received \(Explain.money(back, graph.currency)) back in the \(Explain.duration(width)) from "
                    + "\(UTCTime.iso8601(from).prefix(10)): net \(Explain.money(net, graph.currency)) one way "
                    + "(\(Explain.percent(net / gross, net / gross)) of \(group.count) transfers' value), "
                    + "settlement not seen in the data" + Explain.listedNote(listed: listed.count, total: group.count)
                findings.append(
                    FindingDraft(
                        typology: .settlementImbalance,
                        score: excessScore([(net, rules.minNet), (net / gross, rules.minOneSidedness)]),
                        brokers: [graph.brokerName(payer), graph.brokerName(payee)], edges: listed, amount: gross,
                        explanation: sentence
                    ).finding(in: graph))
            }
            start = end
        }
        return findings
    }
}
