import Foundation
import HawalaCore

/// `volume_spike`: a broker pair's volume in one window far above its own baseline.
///
/// Rule: for the directed pair A → B and a window k (windows of `window_days`, aligned to
/// the UTC midnight before the first transfer), with V_k the pair's volume in window k and
/// M the median of the baseline V_{k−m} … V_{k−1}, m = min(k, n) (n = `baseline_windows`:
/// the windows before k that lie inside the data; empty windows count as 0): flag window k
/// when at least `min_baseline_windows` of the baseline windows have volume, M > 0,
/// V_k > `factor` · M and V_k ≥ `min_volume`. The median rather than the mean keeps one
/// earlier spike from hiding the next; M > 0 means more than half of the baseline windows
/// carried value, so a pair with no usual traffic has no baseline and is not judged. With
/// `without_largest` every test on a window of more than `min_transfers` transfers is made
/// without its largest transfer (a window of exactly `min_transfers` is judged whole): a spike is
/// several transfers and must stand without any one of them, so one or two large trade
/// payments on an ordinary day are not a spike, and a spike beside one is still found.
///
/// Search: per sender A (parallel over chunks of brokers) its out-slice is sorted by
/// (receiver, time) and each pair's windows are summed in one pass.
/// Source: a robust baseline (median) change test, as in the "sudden change in volume"
/// indicators of FATF's guidance on money or value transfer services (2016) and the rolling
/// statistics of transaction-monitoring practice.
///
/// Score: rule = ``excessScore`` of (effective transfers, `min_transfers`): how many similar
/// transfers carry the spike; rarity = how far V'_k (the volume as judged) is above the pair's
/// busiest baseline window; amount = V'_k.
public struct VolumeSpikeDetector: Sendable {
    /// The rules used.
    public var rules: VolumeSpikeRules

    /// - Parameter rules: the `volume_spike` section.
    public init(rules: VolumeSpikeRules) {
        self.rules = rules
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        let origin = graph.dayOrigin
        let width = max(1, seconds(days: rules.windowDays))
        return graph.perBrokerChunks(threads: threads) { brokers in
            var findings: [Finding] = []
            for a in brokers {
                let slots = Array(graph.outRange(Int32(a))).sorted {
                    (graph.outTo[$0], $0) < (graph.outTo[$1], $1)
                }
                var start = 0
                while start < slots.count {
                    var end = start
                    while end < slots.count && graph.outTo[slots[end]] == graph.outTo[slots[start]] { end += 1 }
                    let edges = slots[start..<end].map { graph.outEdges[$0] }
                    findings += scanPair(graph, edges: edges, origin: origin, width: width, context: context)
                    start = end
                }
            }
            return DetectorOutput(findings: findings)
        }
    }

    private func scanPair(
        _ graph: TransferGraph, edges: [Int32], origin: Int64, width: Int64, context: DetectionContext
    ) -> [Finding] {
        let n = rules.baselineWindows
        if edges.count < rules.minBaselineWindows + 1 { return [] }
        // Windows with volume, in order: (window index, volume, first edge offset, end offset).
        var windows: [(k: Int64, volume: Double, lo: Int, hi: Int)] = []
        for (i, e) in edges.enumerated() {
            let k = (graph.time[Int(e)] - origin) / width
            if let last = windows.last, last.k == k {
                windows[windows.count - 1].volume += graph.amount[Int(e)]
                windows[windows.count - 1].hi = i + 1
            } else {
                windows.append((k, graph.amount[Int(e)], i, i + 1))
            }
        }
        var findings: [Finding] = []
        for (index, w) in windows.enumerated() where w.k >= Int64(rules.minBaselineWindows) {
            // The baseline: the m windows before k inside the data (all n once k ≥ n).
            let m = Int(min(w.k, Int64(n)))
            var baseline = [Double](repeating: 0, count: m)
            var active = 0
            var j = index - 1
            while j >= 0 && windows[j].k >= w.k - Int64(m) {
                baseline[Int(w.k - windows[j].k) - 1] = windows[j].volume
                active += 1
                j -= 1
            }
            if active < rules.minBaselineWindows { continue }
            baseline.sort()
            let median = m % 2 == 1 ? baseline[m / 2] : (baseline[m / 2 - 1] + baseline[m / 2]) / 2
            guard median > 0 else { continue }
            let windowEdges = Array(edges[w.lo..<w.hi])
            // The window as judged: without its largest transfer when `without_largest` and the
            // window holds more than `min_transfers` transfers (a window of exactly that many is judged whole).
            var judged = windowEdges.map { graph.amount[Int($0)] }
            var leftOut = 0.0
            if rules.withoutLargest, judged.count > rules.minTransfers,
                let top = judged.indices.max(by: { judged[$0] < judged[$1] })
            {
                leftOut = judged.remove(at: top)
            }
            let volume = judged.reduce(0, +)
            guard judged.count >= rules.minTransfers, volume > rules.factor * median, volume >= rules.minVolume - 1e-9,
                (judged.max() ?? 0) <= rules.maxSingleShare * volume + 1e-9
            else { continue }
            findings.append(
                finding(graph, edges: windowEdges, judged: judged, leftOut: leftOut, median: median, busiest: baseline.last ?? 0,
                        windows: m, from: origin + w.k * width, width: width, context: context))
        }
        return findings
    }

    /// One finding: the window's transfers, judged on `judged` (the amounts without the one
    /// left out); rule = excess of (effective transfers, `min_transfers`);
    /// rarity = how far the judged volume is above the pair's busiest baseline window.
    private func finding(
        _ graph: TransferGraph, edges: [Int32], judged: [Double], leftOut: Double, median: Double, busiest: Double,
        windows: Int, from start: Int64, width: Int64, context: DetectionContext
    ) -> Finding {
        let volume = judged.reduce(0, +)
        let all = volume + leftOut
        let ratio = volume / median
        // The effective number of transfers carrying the judged volume (inverse Herfindahl):
        // k equal transfers give k, one dominant transfer gives about 1.
        let squares = judged.reduce(0) { $0 + $1 * $1 }
        let effective = squares > 0 ? volume * volume / squares : 0
        let a = graph.from[Int(edges[0])]
        let b = graph.to[Int(edges[0])]
        let from = Date(timeIntervalSince1970: TimeInterval(start))
        let without = leftOut > 0 ? ", \(Explain.money(volume, graph.currency)) without the largest transfer" : ""
        let sentence =
            "\(graph.brokerName(a)) → \(graph.brokerName(b)): \(Explain.money(all, graph.currency)) in the "
            + "\(Explain.duration(width)) from \(UTCTime.iso8601(from).prefix(10))\(without), "
            + String(format: "%.1f×", ratio) + " the median of the \(windows) windows before "
            + "(\(Explain.money(median, graph.currency)); busiest \(Explain.money(busiest, graph.currency))); "
            + "\(edges.count) \(edges.count == 1 ? "transfer" : "transfers")"
        return FindingDraft(
            typology: .volumeSpike,
            score: context.score(
                rule: excessScore([(effective, Double(rules.minTransfers))]),
                rarity: RankScore.aboveUsual(observed: volume, usual: busiest), amount: volume),
            brokers: [graph.brokerName(a), graph.brokerName(b)], edges: edges, amount: all,
            explanation: sentence
        ).finding(in: graph)
    }
}
