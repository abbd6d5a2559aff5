import HawalaCore

/// `scatter_gather`: A pays many intermediaries B₁ … Bₙ, which all pay the same C.
///
/// Rule: two-hop paths A → Bᵢ → C (Bᵢ ≠ A, C ≠ A, C ≠ Bᵢ) with t(A → Bᵢ) < t(Bᵢ → C), every
/// transfer within `window_hours` of the earliest one (inclusive), at least
/// `min_intermediaries` distinct Bᵢ, and the gathered amount (the distinct Bᵢ → C transfers)
/// at least `min_total`.
///
/// Search: per A (parallel over chunks of brokers), the two-hop paths inside the window are
/// listed from the CSR slices (at most `max_paths_per_source`; a hub over the cap is cut and
/// noted in the run), grouped by C and sorted by first-hop time; a sweep over window starts
/// adds each path for the starts it fits (an interval found by binary search) with counters
/// per intermediary. Overlapping qualifying windows form one burst, reported by its best
/// window (most intermediaries, then the largest gathered amount).
/// Source: the scatter-gather typology of IBM AMLSim and AMLworld (Altman et al., NeurIPS
/// 2023); the notes in docs/detectors.md.
///
/// Score: ``excessScore`` of (intermediaries, `min_intermediaries`) and (gathered, `min_total`).
public struct ScatterGatherDetector: Sendable {
    /// The rules used.
    public var rules: ScatterGatherRules

    /// - Parameter rules: the `scatter_gather` section.
    public init(rules: ScatterGatherRules) {
        self.rules = rules
    }

    private struct Path {
        var t1: Int64
        var t2: Int64
        var b: Int32
        var c: Int32
        var e1: Int32
        var e2: Int32
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        graph.perBrokerChunks(threads: threads) { brokers in
            var output = DetectorOutput()
            for a in brokers { scan(graph, source: Int32(a), context: context, into: &output) }
            return output
        }
    }

    private func scan(_ graph: TransferGraph, source a: Int32, context: DetectionContext, into output: inout DetectorOutput) {
        let window = seconds(hours: rules.windowHours)
        let dropRoutine = rules.excludeRoutine && context.baseline.routineWeeks > 0
        var paths: [Path] = []
        var capped = false
        graph.outTime.withUnsafeBufferPointer { outTime in
            outer: for s1 in graph.outRange(a) {
                let b = graph.outTo[s1]
                if b == a { continue }
                let t1 = outTime[s1]
                let range = graph.outRange(b)
                var s2 = TransferGraph.firstSlot(after: t1, in: outTime, range.lowerBound, range.upperBound)
                while s2 < range.upperBound && outTime[s2] <= t1 + window {
                    let c = graph.outTo[s2]
                    if c != a && c != b && !(dropRoutine && context.routine(a, b) && context.routine(b, c)) {
                        if paths.count >= rules.maxPathsPerSource {
                            capped = true
                            break outer
                        }
                        paths.append(
                            Path(t1: t1, t2: outTime[s2], b: b, c: c, e1: graph.outEdges[s1], e2: graph.outEdges[s2]))
                    }
                    s2 += 1
                }
            }
        }
        if capped {
            output.notes.append(
                "scatter_gather: broker \(graph.brokerName(a)) has more than max_paths_per_source = \(rules.maxPathsPerSource) two-hop paths; only the earliest were examined")
        }
        if paths.count < rules.minIntermediaries { return }
        if rules.maxPassOnRatio > 0 { paths = matchLegs(graph, paths) }
        if paths.count < rules.minIntermediaries { return }
        paths.sort { ($0.c, $0.t1, $0.t2, $0.e1, $0.e2) < ($1.c, $1.t1, $1.t2, $1.e1, $1.e2) }
        var start = 0
        while start < paths.count {
            var end = start
            while end < paths.count && paths[end].c == paths[start].c { end += 1 }
            if end - start >= rules.minIntermediaries {
                sweep(graph, a: a, group: Array(paths[start..<end]), window: window, context: context, into: &output)
            }
            start = end
        }
    }

    /// Per-leg matching: per intermediary B and destination C, each receipt A → B (in time
    /// order) is paired with the earliest pass-on B → C after it, not yet paired, whose amount
    /// is within [`min_pass_on_ratio`, `max_pass_on_ratio`] × the receipt; unpaired legs are
    /// dropped. Background payments of B to C then neither break an instance (they stay
    /// unpaired) nor make one (a pass-on must carry a receipt's value over one-to-one).
    /// - Returns: the paired paths, one per receipt at most and one per pass-on at most.
    private func matchLegs(_ graph: TransferGraph, _ paths: [Path]) -> [Path] {
        let sorted = paths.sorted { ($0.c, $0.b, $0.t1, $0.e1, $0.t2, $0.e2) < ($1.c, $1.b, $1.t1, $1.e1, $1.t2, $1.e2) }
        var matched: [Path] = []
        var used = Set<Int32>()
        var start = 0
        while start < sorted.count {
            var end = start
            while end < sorted.count && sorted[end].c == sorted[start].c && sorted[end].b == sorted[start].b { end += 1 }
            used.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
                let e1 = sorted[i].e1
                var j = i
                var paired = false
                while j < end && sorted[j].e1 == e1 {
                    let p = sorted[j]
                    let ratio = graph.amount[Int(p.e2)] / max(graph.amount[Int(e1)], 1e-9)
                    if !paired && !used.contains(p.e2) && ratio >= rules.minPassOnRatio - 1e-9
                        && ratio <= rules.maxPassOnRatio + 1e-9
                    {
                        used.insert(p.e2)
                        matched.append(p)
                        paired = true
                    }
                    j += 1
                }
                i = j
            }
            start = end
        }
        return matched
    }

    private func sweep(
        _ graph: TransferGraph, a: Int32, group: [Path], window: Int64, context: DetectionContext,
        into output: inout DetectorOutput
    ) {
        let n = group.count
        // Path j fits the windows starting at l ∈ [from[j], j]: t1[l] ≥ t2[j] − W.
        var adds = [[Int]](repeating: [], count: n)
        for j in 0..<n {
            var lo = 0
            var hi = j
            let bound = group[j].t2 - window
            while lo < hi {
                let mid = (lo + hi) >> 1
                if group[mid].t1 < bound { lo = mid + 1 } else { hi = mid }
            }
            adds[lo].append(j)
        }
        var perB: [Int32: Int] = [:]
        var perE2: [Int32: Int] = [:]
        var perE1: [Int32: Int] = [:]
        var gathered = 0.0
        var scattered = 0.0
        var tracker = BurstTracker()
        var highest = -1
        func emit(_ burst: BurstTracker.Burst?) {
            guard let burst else { return }
            output.findings.append(
                finding(graph, a: a, group: group, best: burst.bestLow, window: window, context: context))
        }
        for l in 0..<n {
            for j in adds[l] {
                perB[group[j].b, default: 0] += 1
                perE2[group[j].e2, default: 0] += 1
                if perE2[group[j].e2] == 1 { gathered += graph.amount[Int(group[j].e2)] }
                perE1[group[j].e1, default: 0] += 1
                if perE1[group[j].e1] == 1 { scattered += graph.amount[Int(group[j].e1)] }
                highest = max(highest, j)
            }
            if perB.count >= rules.minIntermediaries && gathered >= rules.minTotal - 1e-9
                && gathered >= rules.minGatheredRatio * scattered - 1e-9 && gathered <= rules.maxGatheredRatio * scattered + 1e-9
            {
                emit(tracker.add(low: l, high: highest, primary: perB.count, secondary: gathered))
            }
            // Path l leaves every later window.
            let p = group[l]
            perB[p.b]! -= 1
            if perB[p.b] == 0 { perB[p.b] = nil }
            perE2[p.e2]! -= 1
            if perE2[p.e2] == 0 {
                perE2[p.e2] = nil
                gathered -= graph.amount[Int(p.e2)]
            }
            perE1[p.e1]! -= 1
            if perE1[p.e1] == 0 {
                perE1[p.e1] = nil
                scattered -= graph.amount[Int(p.e1)]
            }
        }
        emit(tracker.finish())
    }

    private func finding(
        _ graph: TransferGraph, a: Int32, group: [Path], best l: Int, window: Int64, context: DetectionContext
    ) -> Finding {
        let end = group[l].t1 + window
        let members = group[l...].filter { $0.t2 <= end }
        let edges = Array(Set(members.flatMap { [$0.e1, $0.e2] })).sorted()
        let intermediaries = distinctInOrder(members.map(\.b))
        let scattered = Set(members.map(\.e1)).sorted().reduce(0.0) { $0 + graph.amount[Int($1)] }
        let gathered = Set(members.map(\.e2)).sorted().reduce(0.0) { $0 + graph.amount[Int($1)] }
        let c = group[l].c
        let names = intermediaries.map { graph.brokerName($0) }
        let span = graph.time[Int(edges.last!)] - graph.time[Int(edges[0])]
        let sentence =
            "\(graph.brokerName(a)) → \(intermediaries.count) intermediaries (\(Explain.list(names))) → "
            + "\(graph.brokerName(c)) within \(Explain.duration(span)): \(edges.count) transfers, "
            + "\(Explain.money(scattered, graph.currency)) scattered, \(Explain.money(gathered, graph.currency)) gathered"
        let score = context.score(
            rule: excessScore([(Double(intermediaries.count), Double(rules.minIntermediaries)), (gathered, rules.minTotal)]),
            rarity: context.newPairShare(edges, graph: graph), amount: gathered)
        return FindingDraft(
            typology: .scatterGather, score: score, brokers: [graph.brokerName(a)] + names + [graph.brokerName(c)],
            edges: edges, amount: nil, explanation: sentence
        ).finding(in: graph)
    }
}
