import Foundation
import HawalaCore

/// `cycle`: closed simple paths of transfers A → B → … → A in strictly increasing time.
///
/// Rule: transfers e1 … eL, 2 ≤ L ≤ `max_length`, where each transfer's receiver is the next
/// one's sender, the last one's receiver is the first one's sender, no broker repeats except
/// that closing one, t(e1) < t(e2) < … < t(eL), t(eL) − t(e1) ≤ `window_hours` (inclusive),
/// every gap t(e_i) − t(e_{i−1}) ≤ `max_hop_gap_hours` when set, every amount ≥ `min_amount`,
/// and, with `amount_band`, `band_min_ratio` ≤ a(e_i) / a(e_{i−1}) ≤ `band_max_ratio`.
/// Not reported: two-broker round trips of pairs settling both ways (`skip_two_way_pairs`;
/// ``exchangeWeeks(_:_:graph:)``) and cycles with more than `max_routine_hops` hops on routine
/// relationships (``DetectionContext/routine(_:_:)``).
///
/// Search: start-edge decomposition. Every temporal cycle has exactly one earliest transfer,
/// so enumerating, for every transfer e, the cycles whose first transfer is e lists each
/// cycle once, with no deduplication and no strongly-connected-component pass; each start
/// transfer is an independent task. Start transfers are grouped by their sender (the root),
/// chunks of roots run in parallel, and the cycles are sorted by first transfer afterwards, so
/// the result does not depend on the thread count. From e = (u → v, t0) a depth-first search
/// follows time-sorted out-edge slices of an amount-filtered, interleaved copy of the CSR
/// arrays (binary search for the first admissible slot), pruned by time (after the previous
/// hop, within the hop gap), by the amount band, and by a hop-budget bound from a backward
/// step from u inside the window: no transfer after u's last payment within (t0, t0 + W]
/// (its closing time, as in 2SCENT) can be on a cycle, so that time bounds every scan, and
/// with one hop left only brokers that pay u later than now are entered.
/// Sources: Kumar & Calders, "2SCENT: an efficient algorithm for enumerating all simple
/// temporal cycles", PVLDB 11(11), 2018; Blanuša, Atasu & Ienne, "Fast parallel algorithms
/// for enumerating simple, temporal, and hop-constrained cycles", arXiv 2301.01068.
///
/// Caps: at most `max_per_start` cycles per start transfer and `max_total` in all (earliest
/// start transfers first); hitting either is noted in the run.
///
/// Score in 0.5...1: `0.5 + 0.25 · s_amount + 0.25 · s_time`, where `s_amount` is the
/// smallest ratio min(a_i, a_{i−1}) / max(a_i, a_{i−1}) over the hops (1 = equal amounts)
/// and `s_time` = 1 − (t(eL) − t(e1)) / W (1 = instantaneous).
public struct CycleDetector: Sendable {
    /// The rules used.
    public var rules: CycleRules

    /// - Parameter rules: the `cycle` section of the rules.
    public init(rules: CycleRules) {
        self.rules = rules
    }

    /// The raw result of an enumeration: cycles as edge indices in time order.
    public struct Enumeration: Sendable {
        /// Every cycle's edges, concatenated; cycle `i` is `edges[starts[i] ..< starts[i + 1]]`.
        public var edges: [Int32] = []
        /// Offsets into ``edges``, `count + 1` entries.
        public var starts: [Int] = [0]
        /// Start transfers whose search stopped at `max_per_start`.
        public var startsCapped = 0
        /// Whether the search stopped at `max_total`.
        public var totalCapped = false
        /// A checksum of the touch-ahead loads (keeps them from being optimised away).
        var touch: Int32 = 0
        /// Whether the graph was too large for the search (2³¹ transfers or a 68-year span).
        public var tooLarge = false
        /// Out-edges examined (after the time filter), a measure of work.
        public var edgeVisits = 0

        /// The number of cycles.
        public var count: Int { starts.count - 1 }
        /// Cycle `i`'s edges (edge indices in time order).
        public func cycle(_ i: Int) -> ArraySlice<Int32> { edges[starts[i]..<starts[i + 1]] }

        mutating func append(_ other: Enumeration, limit: Int) {
            let room = limit - count
            let take = min(room, other.count)
            for i in 0..<take {
                edges.append(contentsOf: other.cycle(i))
                starts.append(edges.count)
            }
            if take < other.count || other.totalCapped { totalCapped = true }
            startsCapped += other.startsCapped
            edgeVisits += other.edgeVisits
            touch &+= other.touch
        }
    }

    /// Enumerates the cycles (no findings built): for benchmarks and cross-checks.
    /// - Parameters:
    ///   - graph: the transfer graph.
    ///   - threads: worker threads (≥ 1); the result is the same for any count.
    /// - Returns: the cycles, ordered by first transfer, then by the following transfers; at
    ///   most `max_total` (each parallel chunk of roots stops there, then the earliest are kept).
    public func enumerate(graph: TransferGraph, threads: Int) -> Enumeration {
        let workers = max(1, threads)
        guard CycleIndex.fits(graph) else {
            var refused = Enumeration()
            refused.tooLarge = true
            return refused
        }
        let index = CycleIndex(graph: graph, minAmount: rules.minAmount)
        // Start transfers grouped by their sender (the root): the root's in-edges are read
        // once for all its starts. Chunks of brokers run in parallel, each stopping at
        // max_total; their number is fixed (not derived from the thread count) so that even a
        // capped result is the same for any thread count.
        let chunks = Parallel.ranges(total: graph.brokerCount, chunks: 16)
        let parts = Parallel.map(count: chunks.count, threads: workers) { i in
            var worker = CycleSearch(graph: graph, index: index, rules: rules)
            return worker.run(roots: chunks[i])
        }
        var all = Enumeration()
        for part in parts { all.append(part, limit: Int.max) }
        // Documented order: by first transfer, then the following transfers.
        let order = (0..<all.count).sorted { all.cycle($0).lexicographicallyPrecedes(all.cycle($1)) }
        var result = Enumeration()
        result.startsCapped = all.startsCapped
        result.edgeVisits = all.edgeVisits
        result.touch = all.touch
        result.totalCapped = all.totalCapped || all.count > rules.maxTotal
        for i in order.prefix(rules.maxTotal) {
            result.edges.append(contentsOf: all.cycle(i))
            result.starts.append(result.edges.count)
        }
        return result
    }

    /// Runs the detector.
    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        let found = enumerate(graph: graph, threads: threads)
        var output = DetectorOutput()
        let window = Double(seconds(hours: rules.windowHours))
        var twoWay = 0
        var routine = 0
        for (i, alternatives) in kept(found, graph: graph) {
            let edges = Array(found.cycle(i))
            let (a, b) = (graph.from[Int(edges[0])], graph.to[Int(edges[0])])
            if rules.skipTwoWayPairs && edges.count == 2
                && (context.settlesBothWays(a, b) || exchangeWeeks(a, b, graph: graph) >= context.baseline.routineWeeks)
            {
                twoWay += 1
                continue
            }
            if context.routineCount(edges, graph: graph) > rules.maxRoutineHops {
                routine += 1
                continue
            }
            output.findings.append(
                finding(edges, graph: graph, window: window, alternatives: alternatives, context: context))
        }
        if twoWay > 0 {
            output.notes.append(
                "cycle: \(twoWay) two-broker round trips of pairs that settle both ways week after week not reported (skip_two_way_pairs)")
        }
        if routine > 0 {
            output.notes.append(
                "cycle: \(routine) cycles with more than max_routine_hops = \(rules.maxRoutineHops) hops on routine relationships not reported")
        }
        if found.startsCapped > 0 {
            output.notes.append(
                "cycle: \(found.startsCapped) start transfers hit max_per_start = \(rules.maxPerStart); their further cycles are not reported")
        }
        if found.tooLarge {
            output.notes.append("cycle: not run: the graph has 2^31 transfers or more, or spans 68 years or more")
        }
        if found.totalCapped {
            output.notes.append("cycle: stopped at max_total = \(rules.maxTotal) cycles (earliest start transfers first)")
        }
        return output
    }

    /// The number of distinct weeks (``PairHistory`` weeks) in which the pair {a, b} made an
    /// exchange: a transfer one way answered by the next transfer of the pair going the other
    /// way within `max_hop_gap_hours` (the window when unset). A pair exchanging every 5–9
    /// days, who starts alternating, often answers in the next calendar week, so no week
    /// holds both directions, yet it exchanges in every week. O(out-degree of a and b).
    func exchangeWeeks(_ a: Int32, _ b: Int32, graph: TransferGraph) -> Int {
        guard a != b else { return 0 }
        let gap = seconds(hours: rules.maxHopGapHours ?? rules.windowHours)
        var events: [(time: Int64, forward: Bool)] = []
        for slot in graph.outRange(a) where graph.outTo[slot] == b { events.append((graph.outTime[slot], true)) }
        for slot in graph.outRange(b) where graph.outTo[slot] == a { events.append((graph.outTime[slot], false)) }
        events.sort { ($0.time, $0.forward ? 0 : 1) < ($1.time, $1.forward ? 0 : 1) }
        var weeks: UInt64 = 0
        for i in events.indices.dropFirst() {
            let (previous, current) = (events[i - 1], events[i])
            if previous.forward != current.forward && current.time > previous.time && current.time - previous.time <= gap {
                weeks |= PairHistory.bit(previous.time, origin: graph.dayOrigin)
            }
        }
        return weeks.nonzeroBitCount
    }

    /// The cycles reported, each with the number of alternatives it stands for. With
    /// `one_per_path`, cycles sharing their first transfer and broker sequence form one
    /// group (contiguous runs of the same first transfer, as the enumeration is ordered by
    /// it); the group's cycle whose last amount is closest (in ratio) to the first amount is
    /// kept, the earliest in order among equals, so the choice is deterministic.
    /// - Returns: (index into `found`, other cycles of its group), in enumeration order.
    func kept(_ found: Enumeration, graph: TransferGraph) -> [(Int, Int)] {
        guard rules.onePerPath else { return (0..<found.count).map { ($0, 0) } }
        var result: [(Int, Int)] = []
        var i = 0
        while i < found.count {
            let first = found.cycle(i).first!
            var j = i
            var groups: [[Int32]: (best: Int, distance: Double, count: Int)] = [:]
            var order: [[Int32]] = []
            while j < found.count && found.cycle(j).first! == first {
                let cycle = found.cycle(j)
                let path = cycle.map { graph.from[Int($0)] }
                let distance = abs(log(graph.amount[Int(cycle.last!)] / graph.amount[Int(first)]))
                if let g = groups[path] {
                    groups[path] = distance < g.distance ? (j, distance, g.count + 1) : (g.best, g.distance, g.count + 1)
                } else {
                    groups[path] = (j, distance, 1)
                    order.append(path)
                }
                j += 1
            }
            for path in order { if let g = groups[path] { result.append((g.best, g.count - 1)) } }
            i = j
        }
        return result.sorted { $0.0 < $1.0 }
    }

    private func finding(
        _ edges: [Int32], graph: TransferGraph, window: Double, alternatives: Int = 0, context: DetectionContext
    ) -> Finding {
        let amounts = edges.map { graph.amount[Int($0)] }
        var low = Double.infinity
        var high = 0.0
        var similarity = 1.0
        for i in 1..<amounts.count {
            let ratio = amounts[i] / amounts[i - 1]
            low = min(low, ratio)
            high = max(high, ratio)
            similarity = min(similarity, min(amounts[i], amounts[i - 1]) / max(amounts[i], amounts[i - 1]))
        }
        let span = graph.time[Int(edges.last!)] - graph.time[Int(edges[0])]
        let sTime = window > 0 ? max(0, 1 - Double(span) / window) : 1
        let brokers = edges.map { graph.brokerName(graph.from[Int($0)]) }
        let total = amounts.reduce(0, +)
        let path = (brokers + [brokers[0]]).joined(separator: " → ")
        let explanation =
            "\(path): \(edges.count) transfers, \(Explain.money(total, graph.currency)), \(Explain.duration(span)), "
            + "each hop \(Explain.percent(low, high)) of the previous"
            + (alternatives > 0
                ? "; \(alternatives) other \(alternatives == 1 ? "cycle" : "cycles") from the same first transfer over the same brokers not listed"
                : "")
        let score = context.score(
            rule: 0.5 + 0.25 * similarity + 0.25 * sTime, rarity: context.newPairShare(edges, graph: graph),
            amount: amounts[0])
        return FindingDraft(
            typology: .cycle, score: score, brokers: brokers, edges: edges,
            amount: total, explanation: explanation
        ).finding(in: graph)
    }

}

/// The transfers at or above `min_amount`, re-laid for the search: per broker, its out-edges
/// as (time, receiver, edge, amount) and its in-edges as (time, sender), each in time order,
/// interleaved so one cache line holds several hops; times as `Int32` seconds after the first
/// transfer and offsets as `Int32` to halve what the search's random accesses touch. 32 bytes
/// per kept transfer, built in one pass over the graph's CSR arrays and dropped after the search.
private final class CycleIndex: Sendable {
    struct Out {
        var time: Int32
        var to: Int32
        var edge: Int32
        var amount: Double
    }

    struct In {
        var time: Int32
        var from: Int32
    }

    /// Times are seconds after this one (the first transfer's).
    let origin: Int64
    let outOffsets: [Int32]
    let out: [Out]
    let inOffsets: [Int32]
    let ins: [In]

    /// Whether the graph fits the compact layout (under 2³¹ transfers, a span under 68 years).
    static func fits(_ graph: TransferGraph) -> Bool {
        graph.edgeCount < Int(Int32.max) && (graph.time.last ?? 0) - (graph.time.first ?? 0) < Int64(Int32.max)
    }

    init(graph: TransferGraph, minAmount: Double) {
        let n = graph.brokerCount
        let origin = graph.time.first ?? 0
        self.origin = origin
        var outOffsets = [Int32](repeating: 0, count: n + 1)
        var out: [Out] = []
        out.reserveCapacity(graph.edgeCount)
        for b in 0..<n {
            for slot in graph.outRange(Int32(b)) {
                let edge = graph.outEdges[slot]
                let amount = graph.amount[Int(edge)]
                if amount >= minAmount {
                    out.append(Out(time: Int32(graph.outTime[slot] - origin), to: graph.outTo[slot], edge: edge, amount: amount))
                }
            }
            outOffsets[b + 1] = Int32(out.count)
        }
        var inOffsets = [Int32](repeating: 0, count: n + 1)
        var ins: [In] = []
        ins.reserveCapacity(out.count)
        for b in 0..<n {
            for slot in graph.inRange(Int32(b)) where graph.amount[Int(graph.inEdges[slot])] >= minAmount {
                ins.append(In(time: Int32(graph.inTime[slot] - origin), from: graph.inFrom[slot]))
            }
            inOffsets[b + 1] = Int32(ins.count)
        }
        self.outOffsets = outOffsets
        self.out = out
        self.inOffsets = inOffsets
        self.ins = ins
    }
}

/// One worker's depth-first search state over a chunk of start transfers.
private struct CycleSearch {
    let graph: TransferGraph
    let index: CycleIndex
    let maxLength: Int
    let window: Int32
    let gap: Int32
    let minAmount: Double
    let band: Bool
    let bandLow: Double
    let bandHigh: Double
    let maxPerStart: Int
    let maxTotal: Int
    /// Per broker: on the current path; the latest time it pays the root within the window
    /// (valid where `mark` equals the current start's mark).
    var onPath: [Bool]
    var toRoot: [(mark: Int32, latest: Int32)]
    var result = CycleDetector.Enumeration()
    var path: [Int32] = []
    var foundForStart = 0

    init(graph: TransferGraph, index: CycleIndex, rules: CycleRules) {
        self.graph = graph
        self.index = index
        maxLength = rules.maxLength
        window = Int32(clamping: seconds(hours: rules.windowHours))
        gap = Int32(clamping: rules.maxHopGapHours.map { seconds(hours: $0) } ?? Int64(Int32.max))
        minAmount = rules.minAmount
        band = rules.amountBand
        bandLow = rules.bandMinRatio
        bandHigh = rules.bandMaxRatio
        maxPerStart = rules.maxPerStart
        maxTotal = rules.maxTotal
        onPath = Array(repeating: false, count: graph.brokerCount)
        toRoot = Array(repeating: (-1, 0), count: graph.brokerCount)
        path.reserveCapacity(16)
    }

    struct Buffers {
        let outOffsets: UnsafeBufferPointer<Int32>
        let out: UnsafeBufferPointer<CycleIndex.Out>
        let inOffsets: UnsafeBufferPointer<Int32>
        let ins: UnsafeBufferPointer<CycleIndex.In>
        let onPath: UnsafeMutableBufferPointer<Bool>
        let toRoot: UnsafeMutableBufferPointer<(mark: Int32, latest: Int32)>
    }

    mutating func run(roots: Range<Int>) -> CycleDetector.Enumeration {
        var onPath = self.onPath
        var toRoot = self.toRoot
        self.onPath = []
        self.toRoot = []
        index.outOffsets.withUnsafeBufferPointer { outOffsets in
            index.out.withUnsafeBufferPointer { out in
                index.inOffsets.withUnsafeBufferPointer { inOffsets in
                    index.ins.withUnsafeBufferPointer { ins in
                        onPath.withUnsafeMutableBufferPointer { onPath in
                            toRoot.withUnsafeMutableBufferPointer { toRoot in
                                let b = Buffers(
                                    outOffsets: outOffsets, out: out, inOffsets: inOffsets, ins: ins, onPath: onPath,
                                    toRoot: toRoot)
                                for root in roots {
                                    let lo = Int(outOffsets[root])
                                    let hi = Int(outOffsets[root + 1])
                                    if lo == hi || inOffsets[root] == inOffsets[root + 1] { continue }
                                    // Touch each start's next broker first: independent loads the
                                    // processor overlaps, instead of one cache miss after another.
                                    var touched: Int32 = 0
                                    for slot in lo..<hi { touched &+= outOffsets[Int(out[slot].to)] }
                                    for slot in lo..<hi {
                                        let first = Int(outOffsets[Int(out[slot].to)])
                                        if first < out.count { touched &+= out[first].time }
                                    }
                                    result.touch &+= touched
                                    for slot in lo..<hi {
                                        searchFrom(root: Int32(root), slot, b)
                                        if result.count >= maxTotal {
                                            result.totalCapped = true
                                            return
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    private mutating func searchFrom(root: Int32, _ startSlot: Int, _ b: Buffers) {
        let start = b.out[startSlot]
        let next = start.to
        let a0 = start.amount
        let e = start.edge
        if root == next { return }
        let t0 = start.time
        let tEnd = t0 &+ min(window, Int32.max - t0)
        // Backward step: who pays the root within (t0, tEnd], and when last.
        var slot = Int(b.inOffsets[Int(root)])
        let hi = Int(b.inOffsets[Int(root) + 1])
        if hi - slot > 8 {
            var lo = slot
            var up = hi
            while lo < up {
                let mid = (lo + up) >> 1
                if b.ins[mid].time <= t0 { lo = mid + 1 } else { up = mid }
            }
            slot = lo
        } else {
            while slot < hi && b.ins[slot].time <= t0 { slot += 1 }
        }
        let mark = Int32(truncatingIfNeeded: e)
        var closing = Int32.min
        while slot < hi && b.ins[slot].time <= tEnd {
            let payer = Int(b.ins[slot].from)
            b.toRoot[payer] = (mark, b.ins[slot].time)
            closing = b.ins[slot].time
            slot += 1
        }
        if closing == Int32.min { return }
        foundForStart = 0
        b.onPath[Int(root)] = true
        b.onPath[Int(next)] = true
        path.removeAll(keepingCapacity: true)
        path.append(e)
        dfs(root: root, at: next, tPrev: t0, aPrev: a0, closing: closing, depth: 1, mark: mark, b)
        b.onPath[Int(root)] = false
        b.onPath[Int(next)] = false
        if foundForStart >= maxPerStart { result.startsCapped += 1 }
    }

    /// Extends the path at broker `x`. No transfer later than `closing` (the root's last
    /// payment inside the window) can be on a cycle, so it bounds every scan.
    private mutating func dfs(
        root: Int32, at x: Int32, tPrev: Int32, aPrev: Double, closing: Int32, depth: Int, mark: Int32, _ b: Buffers
    ) {
        var slot = Int(b.outOffsets[Int(x)])
        let hi = Int(b.outOffsets[Int(x) + 1])
        if hi - slot > 8 {
            var lo = slot
            var up = hi
            while lo < up {
                let mid = (lo + up) >> 1
                if b.out[mid].time <= tPrev { lo = mid + 1 } else { up = mid }
            }
            slot = lo
        } else {
            while slot < hi && b.out[slot].time <= tPrev { slot += 1 }
        }
        let limit = min(closing, tPrev &+ min(gap, Int32.max - tPrev))
        let low = aPrev * bandLow
        let high = aPrev * bandHigh
        let lastLevel = depth + 1 == maxLength
        let oneLeft = depth + 2 == maxLength
        if !lastLevel && !oneLeft {
            // Touch the children's slices first: independent loads the processor overlaps.
            var touched: Int32 = 0
            var probe = slot
            while probe < hi && b.out[probe].time < limit {
                let first = Int(b.outOffsets[Int(b.out[probe].to)])
                if first < b.out.count { touched &+= b.out[first].time }
                probe += 1
            }
            result.touch &+= touched
        }
        while slot < hi {
            let hop = b.out[slot]
            if hop.time > limit { break }
            slot += 1
            result.edgeVisits += 1
            if band && (hop.amount < low || hop.amount > high) { continue }
            let w = hop.to
            if w == root {
                path.append(hop.edge)
                result.edges.append(contentsOf: path)
                result.starts.append(result.edges.count)
                path.removeLast()
                foundForStart += 1
                if foundForStart >= maxPerStart { return }
                continue
            }
            if lastLevel || hop.time >= closing || b.onPath[Int(w)] { continue }
            if oneLeft {
                let entry = b.toRoot[Int(w)]
                if entry.mark != mark || entry.latest <= hop.time { continue }
            }
            b.onPath[Int(w)] = true
            path.append(hop.edge)
            dfs(root: root, at: w, tPrev: hop.time, aPrev: hop.amount, closing: closing, depth: depth + 1, mark: mark, b)
            path.removeLast()
            b.onPath[Int(w)] = false
            if foundForStart >= maxPerStart { return }
        }
    }
}
