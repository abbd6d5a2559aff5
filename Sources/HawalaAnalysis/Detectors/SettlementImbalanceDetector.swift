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
/// (over/under-invoicing), a third broker), which is where an analyst looks next. Left out:
/// a period whose payer's median transfer is under `min_median_amount` (a corridor of
/// customer remittances, not settlement-sized payments), and a pair that is at most
/// `max_book_share` of the book of a broker at either end whose whole book over the period is
/// in balance within `book_balance` (a clearing house settling the pair through its other
/// counterparties).
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

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        let width = max(1, seconds(days: rules.periodDays))
        let books = rules.bookBalance == nil ? nil : Books(graph: graph)
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
                    if end - start >= rules.minTransfers && !balanced(graph, a: Int32(a), mine[start..<end].map(\.edge)) {
                        findings += scanPair(
                            graph, a: Int32(a), edges: mine[start..<end].map(\.edge), width: width, books: books,
                            context: context)
                    }
                    start = end
                }
            }
            return DetectorOutput(findings: findings)
        }
    }

    /// Whether the pair's flow back over the whole data is at least `balanced_pair_ratio` of
    /// its flow forward (a balanced two-way pair).
    private func balanced(_ graph: TransferGraph, a: Int32, _ edges: [Int32]) -> Bool {
        guard let ratio = rules.balancedPairRatio else { return false }
        var fromA = 0.0
        var toA = 0.0
        for e in edges {
            if graph.from[Int(e)] == a { fromA += graph.amount[Int(e)] } else { toA += graph.amount[Int(e)] }
        }
        let high = max(fromA, toA)
        return high > 0 && min(fromA, toA) / high >= ratio - 1e-12
    }

    private func scanPair(
        _ graph: TransferGraph, a: Int32, edges: [Int32], width: Int64, books: Books?, context: DetectionContext
    ) -> [Finding] {
        var findings: [Finding] = []
        var tracker = BurstTracker()
        var left = 0
        var fromA = 0.0
        var toA = 0.0
        // The pair's flow over the whole data, for its usual flow outside a period.
        var allFromA = 0.0
        var allToA = 0.0
        for e in edges {
            if graph.from[Int(e)] == a { allFromA += graph.amount[Int(e)] } else { allToA += graph.amount[Int(e)] }
        }
        let dataDays = Double((graph.time.last ?? 0) - (graph.time.first ?? 0)) / 86_400
        func emit(_ burst: BurstTracker.Burst?) {
            guard let burst else { return }
            findings.append(finding(graph, a: a, group: Array(edges[burst.bestLow...burst.bestHigh]), width: width, context: context))
        }
        for right in 0..<edges.count {
            let e = Int(edges[right])
            if graph.from[e] == a { fromA += graph.amount[e] } else { toA += graph.amount[e] }
            while graph.time[e] - graph.time[Int(edges[left])] > width {
                let g = Int(edges[left])
                if graph.from[g] == a { fromA -= graph.amount[g] } else { toA -= graph.amount[g] }
                left += 1
            }
            let net = abs(fromA - toA)
            let gross = fromA + toA
            guard right - left + 1 >= rules.minTransfers, net >= rules.minNet - 1e-9, gross > 0,
                net / gross >= rules.minOneSidedness - 1e-12
            else { continue }
            let largest = edges[left...right].map { graph.amount[Int($0)] }.max() ?? 0
            if largest > rules.maxSingleShare * gross + 1e-9 { continue }
            // Denser than one transfer a week: more transfers than weeks spanned + 1.
            let spanDays = Double(graph.time[e] - graph.time[Int(edges[left])]) / 86_400
            if rules.skipWeeklySchedule && Double(right - left + 1) <= (spanDays / 7).rounded() + 1 { continue }
            // The pair's usual flow: the payer's flow per day over the rest of the data.
            if let share = rules.maxUsualShare, dataDays - spanDays >= 7 {
                let (inside, all) = fromA >= toA ? (fromA, allFromA) : (toA, allToA)
                let outsideRate = (all - inside) / (dataDays - spanDays)
                if outsideRate > share * inside / max(1, spanDays) { continue }
            }
            if rules.minMedianAmount > 0 {
                let paid = edges[left...right].filter { (graph.from[Int($0)] == a) == (fromA >= toA) }
                    .map { graph.amount[Int($0)] }.sorted()
                if paid.isEmpty || paid[(paid.count - 1) / 2] < rules.minMedianAmount - 1e-9 { continue }
            }
            if let books, let balance = rules.bookBalance {
                let b = graph.from[e] == a ? graph.to[e] : graph.from[e]
                let t0 = graph.time[Int(edges[left])]
                let t1 = graph.time[e]
                if books.clears(a, from: t0, to: t1, pair: gross, balance: balance, share: rules.maxBookShare)
                    || books.clears(b, from: t0, to: t1, pair: gross, balance: balance, share: rules.maxBookShare)
                { continue }
            }
            emit(tracker.add(low: left, high: right, primary: Int(net.rounded()), secondary: -Double(right - left)))
        }
        emit(tracker.finish())
        return findings
    }

    private func finding(_ graph: TransferGraph, a: Int32, group: [Int32], width: Int64, context: DetectionContext) -> Finding {
        var fromA = 0.0
        var toA = 0.0
        for e in group {
            if graph.from[Int(e)] == a { fromA += graph.amount[Int(e)] } else { toA += graph.amount[Int(e)] }
        }
        let net = abs(fromA - toA)
        let gross = fromA + toA
        let b = graph.from[Int(group[0])] == a ? graph.to[Int(group[0])] : graph.from[Int(group[0])]
        let (payer, payee) = fromA >= toA ? (a, b) : (b, a)
        let paid = max(fromA, toA)
        let back = min(fromA, toA)
        let listed = Array(group.prefix(rules.maxTransfersListed))
        let span = graph.time[Int(group.last!)] - graph.time[Int(group[0])]
        let from = Date(timeIntervalSince1970: TimeInterval(graph.time[Int(group[0])]))
        let sentence =
            "\(graph.brokerName(payer)) paid \(graph.brokerName(payee)) \(Explain.money(paid, graph.currency)) "
            + "and received \(Explain.money(back, graph.currency)) back in the \(Explain.duration(span)) from "
            + "\(UTCTime.iso8601(from).prefix(10)): net \(Explain.money(net, graph.currency)) one way "
            + "(\(Explain.percent(net / gross, net / gross)) of \(group.count) transfers' value), "
            + "settlement not seen in the data" + Explain.listedNote(listed: listed.count, total: group.count)
        // Rarity: how one-sided the pair is over the whole data (weeks the payee paid back
        // against weeks the payer paid): a corridor that settles both ways in other weeks is less rare.
        let paying = max(1, context.history.activeWeeks(payer, payee))
        let rarity = 1 - Double(min(paying, context.history.twoWayWeeks(payer, payee))) / Double(paying)
        return FindingDraft(
            typology: .settlementImbalance,
            score: context.score(
                rule: excessScore([(net, rules.minNet), (net / gross, rules.minOneSidedness)]), rarity: rarity, amount: net),
            brokers: [graph.brokerName(payer), graph.brokerName(payee)], edges: listed, amount: gross,
            explanation: sentence
        ).finding(in: graph)
    }
}

/// Every broker's book over time: prefix sums of its out- and in-transfers' amounts along its
/// CSR slices (sorted by time), so the value a broker paid and received between two times is
/// two binary searches. O(E) memory (two `Double`s per transfer).
struct Books: Sendable {
    let graph: TransferGraph
    let outSum: [Double]
    let inSum: [Double]

    /// - Parameter graph: the transfer graph.
    init(graph: TransferGraph) {
        self.graph = graph
        var outSum = [Double](repeating: 0, count: graph.outEdges.count + 1)
        for slot in 0..<graph.outEdges.count { outSum[slot + 1] = outSum[slot] + graph.amount[Int(graph.outEdges[slot])] }
        var inSum = [Double](repeating: 0, count: graph.inEdges.count + 1)
        for slot in 0..<graph.inEdges.count { inSum[slot + 1] = inSum[slot] + graph.amount[Int(graph.inEdges[slot])] }
        self.outSum = outSum
        self.inSum = inSum
    }

    /// The value broker `b` paid and received from `t0` to `t1` (inclusive), reporting currency.
    func flows(_ b: Int32, from t0: Int64, to t1: Int64) -> (paid: Double, received: Double) {
        func sum(_ times: [Int64], _ sums: [Double], _ range: Range<Int>) -> Double {
            times.withUnsafeBufferPointer { buffer in
                let lo = TransferGraph.firstSlot(atOrAfter: t0, in: buffer, range.lowerBound, range.upperBound)
                let hi = TransferGraph.firstSlot(after: t1, in: buffer, lo, range.upperBound)
                return sums[hi] - sums[lo]
            }
        }
        return (sum(graph.outTime, outSum, graph.outRange(b)), sum(graph.inTime, inSum, graph.inRange(b)))
    }

    /// Whether broker `b`'s whole book from `t0` to `t1` is in balance (|received − paid| ≤
    /// `balance` · (received + paid)) and a pair of value `pair` is at most `share` of it: the
    /// broker settles that pair through its other counterparties.
    func clears(_ b: Int32, from t0: Int64, to t1: Int64, pair: Double, balance: Double, share: Double) -> Bool {
        let (paid, received) = flows(b, from: t0, to: t1)
        let book = paid + received
        return book > 0 && abs(received - paid) <= balance * book + 1e-9 && pair <= share * book + 1e-9
    }
}
