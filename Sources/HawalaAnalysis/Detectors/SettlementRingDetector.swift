import Foundation
import HawalaCore

/// `settlement_ring`: period netting around a ring of brokers.
///
/// Rule: transfers e1 … eL, `min_length` ≤ L ≤ `max_length`, over distinct brokers
/// b1 → b2 → … → bL → b1 (each transfer's receiver is the next one's sender, the last one's
/// receiver the first one's sender), in **any time order**, all within `period_days` of the
/// earliest of them (inclusive), every amount ≥ `min_amount`, and the amounts agreeing:
/// max a(e_i) ≤ min a(e_i) × (1 + `amount_tolerance`). With `exclude_two_way`, a transfer
/// x → y is left out when y also pays x within `period_days` of it (before or after): two
/// brokers paying each other are settling bilaterally (correspondents, exchange-house hubs),
/// which is ordinary business, not a ring.
///
/// Why: hawaladars "settle through trade, cash, and net settlement over a long period of
/// time" (FATF, "The role of hawala and other similar service providers in money laundering
/// and terrorist financing", 2013). Net settlement works per period, not per transfer, so a
/// ring whose members each pass the same value to the next within one period has moved that
/// value round the ring whatever the order of the payments; the `cycle` detector, which
/// requires time order, does not see it. Look-alikes it must not flag: two brokers settling
/// both ways in balance (hence `min_length` 3 and `exclude_two_way`), and hubs paying and
/// receiving from dozens of brokers (their pairs are two-way).
///
/// Search: every ring has exactly one earliest transfer (lowest edge index), so a
/// depth-first search from every transfer e = (u → v) over out-edges with a higher index,
/// inside the period, within the amount tolerance of the amounts so far and over brokers not
/// yet on the path, lists each ring once. Roots run in parallel chunks; the rings are sorted
/// afterwards, so the result does not depend on the thread count.
///
/// One finding per broker ring (the same brokers in the same circular order): the instance
/// with the closest amounts (then the shortest span, then the earliest) is listed, the others
/// counted in its sentence. Caps: `max_per_start` rings per first transfer, `max_total` in
/// all; hitting either is noted in the run.
///
/// Score in 0.5...1: `0.5 + 0.25 · s_amount + 0.25 · s_time`, `s_amount` = 1 − spread /
/// `amount_tolerance` (spread = max / min − 1; 1 when the tolerance is 0), `s_time` = 1 −
/// span / period (span = last − first transfer).
public struct SettlementRingDetector: Sendable {
    /// The rules used.
    public var rules: SettlementRingRules

    /// - Parameter rules: the `settlement_ring` section of the rules.
    public init(rules: SettlementRingRules) {
        self.rules = rules
    }

    /// The rings found, each as edge indices in ring order (starting with its earliest
    /// transfer), sorted by those indices, with the caps hit.
    struct Enumeration: Sendable {
        var rings: [[Int32]] = []
        var startsCapped = 0
        var totalCapped = false
    }

    /// Enumerates the rings (no findings built).
    /// - Parameters:
    ///   - graph: the transfer graph.
    ///   - threads: worker threads (≥ 1); the result is the same for any count.
    func enumerate(graph: TransferGraph, threads: Int) -> Enumeration {
        let usable = usableEdges(graph)
        let chunks = Parallel.ranges(total: graph.brokerCount, chunks: 16)
        let parts = Parallel.map(count: chunks.count, threads: max(1, threads)) { i in
            var search = RingSearch(graph: graph, usable: usable, rules: rules)
            search.run(roots: chunks[i])
            return search.result
        }
        var all = Enumeration()
        for part in parts {
            all.rings += part.rings
            all.startsCapped += part.startsCapped
            all.totalCapped = all.totalCapped || part.totalCapped
        }
        all.rings.sort { $0.lexicographicallyPrecedes($1) }
        if all.rings.count > rules.maxTotal {
            all.rings.removeLast(all.rings.count - rules.maxTotal)
            all.totalCapped = true
        }
        return all
    }

    /// Per edge: at least `min_amount`, and (with `exclude_two_way`) not between brokers that
    /// pay each other back within one period of it.
    func usableEdges(_ graph: TransferGraph) -> [Bool] {
        var usable = graph.amount.map { $0 >= rules.minAmount }
        guard rules.excludeTwoWay else { return usable }
        let period = seconds(days: rules.periodDays)
        // Per broker, its out-edges sorted by (receiver, time): a binary search finds whether
        // y paid x within [t − period, t + period].
        var byReceiver: [[(to: Int32, time: Int64)]] = Array(repeating: [], count: graph.brokerCount)
        for b in 0..<graph.brokerCount {
            var list = graph.outRange(Int32(b)).map { (to: graph.outTo[$0], time: graph.outTime[$0]) }
            list.sort { ($0.to, $0.time) < ($1.to, $1.time) }
            byReceiver[b] = list
        }
        for e in 0..<graph.edgeCount where usable[e] {
            let x = graph.from[e]
            let list = byReceiver[Int(graph.to[e])]
            let t = graph.time[e]
            var lo = 0
            var hi = list.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if (list[mid].to, list[mid].time) < (x, t - period) { lo = mid + 1 } else { hi = mid }
            }
            if lo < list.count && list[lo].to == x && list[lo].time <= t + period { usable[e] = false }
        }
        return usable
    }

    func detect(graph: TransferGraph, threads: Int) -> DetectorOutput {
        let found = enumerate(graph: graph, threads: threads)
        var output = DetectorOutput()
        // Group by broker ring: the brokers in circular order, rotated to start at the lowest id.
        var groups: [[Int32]: (best: Int, count: Int)] = [:]
        var order: [[Int32]] = []
        for (i, ring) in found.rings.enumerated() {
            let brokers = ring.map { graph.from[Int($0)] }
            let start = brokers.indices.min { brokers[$0] < brokers[$1] }!
            let key = Array(brokers[start...] + brokers[..<start])
            if let group = groups[key] {
                let better = quality(ring, graph) < quality(found.rings[group.best], graph)
                groups[key] = (better ? i : group.best, group.count + 1)
            } else {
                groups[key] = (i, 1)
                order.append(key)
            }
        }
        for key in order {
            guard let group = groups[key] else { continue }
            output.findings.append(finding(found.rings[group.best], graph: graph, others: group.count - 1))
        }
        if found.startsCapped > 0 {
            output.notes.append(
                "settlement_ring: \(found.startsCapped) first transfers hit max_per_start = \(rules.maxPerStart); their further rings are not reported")
        }
        if found.totalCapped {
            output.notes.append("settlement_ring: stopped at max_total = \(rules.maxTotal) rings (earliest first transfers first)")
        }
        return output
    }

    /// (spread of the amounts, span in seconds, first edge): lower is a better instance.
    private func quality(_ ring: [Int32], _ graph: TransferGraph) -> (Double, Int64, Int32) {
        let amounts = ring.map { graph.amount[Int($0)] }
        let times = ring.map { graph.time[Int($0)] }
        return ((amounts.max()! / amounts.min()!) - 1, times.max()! - times.min()!, ring[0])
    }

    private func finding(_ ring: [Int32], graph: TransferGraph, others: Int) -> Finding {
        let (spread, span, _) = quality(ring, graph)
        let amounts = ring.map { graph.amount[Int($0)] }
        let period = Double(seconds(days: rules.periodDays))
        let sAmount = rules.amountTolerance > 0 ? max(0, 1 - spread / rules.amountTolerance) : 1
        let sTime = period > 0 ? max(0, 1 - Double(span) / period) : 1
        let brokers = ring.map { graph.brokerName(graph.from[Int($0)]) }
        let inTimeOrder = zip(ring, ring.dropFirst()).allSatisfy { $0 < $1 }
        let days = ring.map { UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval(graph.time[Int($0)]))).prefix(10) }
        let paid =
            spread == 0
            ? Explain.money(amounts[0], graph.currency)
            : "\(Explain.money(amounts.min()!, graph.currency)) to \(Explain.money(amounts.max()!, graph.currency)) "
                + "(within \(String(format: "%.1f", spread * 100))%)"
        let explanation =
            "\((brokers + [brokers[0]]).joined(separator: " → ")): each paid the next \(paid) within \(Explain.duration(span)), "
            + (inTimeOrder ? "in time order" : "not in time order") + " (hops on \(days.joined(separator: ", "))): "
            + "value netted round the ring within one settlement period (\(Explain.duration(Int64(period))))"
            + (others > 0 ? "; \(others) other \(others == 1 ? "ring" : "rings") over the same brokers not listed" : "")
        return FindingDraft(
            typology: .settlementRing, score: 0.5 + 0.25 * sAmount + 0.25 * sTime, brokers: brokers,
            edges: ring.sorted(), amount: amounts.reduce(0, +), explanation: explanation
        ).finding(in: graph)
    }
}

/// One worker's depth-first search over the rings whose earliest transfer leaves a root of
/// its chunk.
private struct RingSearch {
    let graph: TransferGraph
    let usable: [Bool]
    let period: Int64
    let tolerance: Double
    let minLength: Int
    let maxLength: Int
    let maxPerStart: Int
    let maxTotal: Int
    var onPath: [Bool]
    var path: [Int32] = []
    var foundForStart = 0
    var result = SettlementRingDetector.Enumeration()

    init(graph: TransferGraph, usable: [Bool], rules: SettlementRingRules) {
        self.graph = graph
        self.usable = usable
        period = seconds(days: rules.periodDays)
        tolerance = rules.amountTolerance
        minLength = rules.minLength
        maxLength = rules.maxLength
        maxPerStart = rules.maxPerStart
        maxTotal = rules.maxTotal
        onPath = Array(repeating: false, count: graph.brokerCount)
    }

    mutating func run(roots: Range<Int>) {
        for root in roots {
            for slot in graph.outRange(Int32(root)) {
                let e = graph.outEdges[slot]
                let v = graph.outTo[slot]
                if !usable[Int(e)] || v == Int32(root) { continue }
                if result.rings.count >= maxTotal {
                    result.totalCapped = true
                    return
                }
                let a = graph.amount[Int(e)]
                foundForStart = 0
                onPath[root] = true
                onPath[Int(v)] = true
                path = [e]
                extend(root: Int32(root), at: v, first: e, t0: graph.time[Int(e)], low: a, high: a)
                onPath[root] = false
                onPath[Int(v)] = false
                if foundForStart >= maxPerStart { result.startsCapped += 1 }
            }
        }
    }

    /// Extends the path at broker `x`; `low`/`high` are the smallest and largest amounts so far.
    private mutating func extend(root: Int32, at x: Int32, first: Int32, t0: Int64, low: Double, high: Double) {
        let range = graph.outRange(x)
        // First out-edge at or after t0 (the first transfer is the earliest of the ring).
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if graph.outTime[mid] < t0 { lo = mid + 1 } else { hi = mid }
        }
        let end = t0 + period
        var slot = lo
        while slot < range.upperBound && graph.outTime[slot] <= end {
            let e = graph.outEdges[slot]
            let w = graph.outTo[slot]
            slot += 1
            if e <= first || !usable[Int(e)] { continue }
            let a = graph.amount[Int(e)]
            let newLow = min(low, a)
            let newHigh = max(high, a)
            if newHigh > newLow * (1 + tolerance) * (1 + 1e-12) { continue }
            let length = path.count + 1
            if w == root {
                if length >= minLength {
                    result.rings.append(path + [e])
                    foundForStart += 1
                    if foundForStart >= maxPerStart { return }
                }
                continue
            }
            if length >= maxLength || onPath[Int(w)] { continue }
            onPath[Int(w)] = true
            path.append(e)
            extend(root: root, at: w, first: first, t0: t0, low: newLow, high: newHigh)
            path.removeLast()
            onPath[Int(w)] = false
            if foundForStart >= maxPerStart { return }
        }
    }
}
