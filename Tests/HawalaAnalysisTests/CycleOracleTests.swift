import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

/// Compares the cycle search (with all its pruning: closing times, the hop budget, touch-ahead
/// and grouping by root) with a naive enumeration written straight from the rule's
/// definition, on small dense random graphs, over lengths, hop gaps, the amount band and the
/// minimum amount. Both must give the same set of cycles, each once.
@Suite struct CycleOracleTests {
    /// Every temporal cycle by the rule's definition: for each transfer as the earliest, every
    /// extension by any later transfer out of the current broker, with no pruning beyond the rule.
    static func naiveCycles(_ graph: TransferGraph, _ rules: CycleRules) -> Set<[Int32]> {
        let window = seconds(hours: rules.windowHours)
        let gap = rules.maxHopGapHours.map { seconds(hours: $0) }
        var found = Set<[Int32]>()
        var path: [Int32] = []
        func extend(root: Int32, at x: Int32, brokers: [Int32]) {
            let last = Int(path[path.count - 1])
            for slot in graph.outRange(x) {
                let e = Int(graph.outEdges[slot])
                let t = graph.time[e]
                guard t > graph.time[last], t - graph.time[Int(path[0])] <= window else { continue }
                if let gap, t - graph.time[last] > gap { continue }
                guard graph.amount[e] >= rules.minAmount else { continue }
                if rules.amountBand {
                    let before = graph.amount[last]
                    if graph.amount[e] < before * rules.bandMinRatio || graph.amount[e] > before * rules.bandMaxRatio { continue }
                }
                let w = graph.to[e]
                path.append(Int32(e))
                if w == root {
                    found.insert(path)
                } else if path.count < rules.maxLength && !brokers.contains(w) {
                    extend(root: root, at: w, brokers: brokers + [w])
                }
                path.removeLast()
            }
        }
        for e in 0..<graph.edgeCount where graph.amount[e] >= rules.minAmount {
            let (u, v) = (graph.from[e], graph.to[e])
            if u == v { continue }
            path = [Int32(e)]
            extend(root: u, at: v, brokers: [u, v])
        }
        return found
    }

    /// Each case with the least number of cycles the naive enumeration finds over both seeds, so
    /// that two empty sets (a search or an oracle returning nothing) cannot agree.
    @Test(arguments: [
        (maxLength: 2, gap: nil, band: false, min: 0.0, least: 13),
        (maxLength: 3, gap: nil, band: false, min: 0.0, least: 45),
        (maxLength: 4, gap: 6.0, band: false, min: 0.0, least: 12),
        (maxLength: 6, gap: nil, band: false, min: 0.0, least: 122),
        (maxLength: 6, gap: 5.0, band: false, min: 2_000.0, least: 9),
        (maxLength: 7, gap: nil, band: true, min: 0.0, least: 15),
    ] as [(maxLength: Int, gap: Double?, band: Bool, min: Double, least: Int)])
    func sameCyclesAsTheNaiveEnumeration(_ c: (maxLength: Int, gap: Double?, band: Bool, min: Double, least: Int)) throws {
        var rules = CycleRules()
        rules.windowHours = 24
        rules.maxLength = c.maxLength
        rules.maxHopGapHours = c.gap
        rules.amountBand = c.band
        rules.bandMinRatio = 0.5
        rules.bandMaxRatio = 1.5
        rules.minAmount = c.min
        rules.maxPerStart = 1_000_000
        for seed: UInt64 in [3, 4] {
            let graph = randomGraph(brokers: 40, transfers: 300, hours: 48, seed: seed)
            let expected = Self.naiveCycles(graph, rules)
            for threads in [1, 3] {
                let found = CycleDetector(rules: rules).enumerate(graph: graph, threads: threads)
                #expect(found.startsCapped == 0 && !found.totalCapped)
                let ours = (0..<found.count).map { Array(found.cycle($0)) }
                #expect(ours.count == expected.count)
                #expect(ours.count == Set(ours).count)
                #expect(Set(ours) == expected)
            }
            #expect(expected.count >= c.least, "seed \(seed): \(expected.count) cycles")
        }
    }

    /// The documented defaults (docs/detectors.md: 504 h, hops at most 72 h apart, 6 brokers,
    /// band 0.88–1.02, at least 5,000), on a denser graph so that the band leaves cycles to compare.
    @Test func defaultRulesAgreeWithTheNaiveEnumeration() throws {
        let rules = CycleRules()
        #expect(rules.windowHours == 504 && rules.maxHopGapHours == 72 && rules.maxLength == 6 && rules.amountBand)
        #expect(rules.bandMinRatio == 0.88 && rules.bandMaxRatio == 1.02 && rules.minAmount == 5_000)
        for seed: UInt64 in [5, 6] {
            let graph = randomGraph(brokers: 12, transfers: 400, hours: 96, seed: seed)
            let expected = Self.naiveCycles(graph, rules)
            let found = CycleDetector(rules: rules).enumerate(graph: graph, threads: 2)
            #expect(found.startsCapped == 0 && !found.totalCapped)
            let ours = (0..<found.count).map { Array(found.cycle($0)) }
            #expect(ours.count == Set(ours).count)
            #expect(Set(ours) == expected)
            #expect(expected.count >= 80, "seed \(seed): \(expected.count) cycles")
        }
    }

    /// Rules that keep every cycle within 24 h up to `maxLength` (no band, no minimum amount).
    static func everyCycle(maxLength: Int) -> CycleRules {
        var rules = CycleRules()
        rules.windowHours = 24
        rules.maxLength = maxLength
        rules.amountBand = false
        rules.minAmount = 0
        return rules
    }

    /// `max_per_start`: each start transfer keeps min(its cycles, the cap), all of them real
    /// cycles, and the capped starts are counted. `max_total`: exactly the cap, in order.
    @Test func capsKeepRealCyclesAndCountWhatTheyCut() throws {
        var rules = Self.everyCycle(maxLength: 6)
        let graph = randomGraph(brokers: 40, transfers: 300, hours: 48, seed: 3)
        let expected = Self.naiveCycles(graph, rules)
        let perStart = Dictionary(grouping: expected, by: { $0[0] }).mapValues(\.count)
        rules.maxPerStart = 3
        let capped = CycleDetector(rules: rules).enumerate(graph: graph, threads: 2)
        let ours = (0..<capped.count).map { Array(capped.cycle($0)) }
        #expect(Set(ours).isSubset(of: expected))
        let oursPerStart = Dictionary(grouping: ours, by: { $0[0] }).mapValues(\.count)
        #expect(oursPerStart == perStart.mapValues { min($0, 3) })
        // A start is counted as capped once its search reaches the cap (it does not look further).
        #expect(capped.startsCapped == perStart.values.filter { $0 >= 3 }.count)
        #expect(capped.startsCapped >= 3)

        rules.maxPerStart = 1_000_000
        rules.maxTotal = 25
        let total = CycleDetector(rules: rules).enumerate(graph: graph, threads: 3)
        let kept = (0..<total.count).map { Array(total.cycle($0)) }
        #expect(expected.count > 25)
        #expect(kept.count == 25 && total.totalCapped)
        #expect(Set(kept).isSubset(of: expected))
        #expect(kept == kept.sorted { $0.lexicographicallyPrecedes($1) })
        // The same for any thread count.
        let one = CycleDetector(rules: rules).enumerate(graph: graph, threads: 1)
        #expect((0..<one.count).map { Array(one.cycle($0)) } == kept)
    }

    /// `one_per_path` from its definition (docs/detectors.md): among the cycles with the same
    /// first transfer and broker sequence, the one whose last amount is nearest (in ratio) to
    /// the first, the earliest in order among equals; the others are counted as alternatives.
    @Test func onePerPathKeepsTheDocumentedCycle() throws {
        var rules = Self.everyCycle(maxLength: 4)
        rules.maxPerStart = 1_000_000  // no cap: the groups are whole
        let graph = randomGraph(brokers: 6, transfers: 200, hours: 48, seed: 9)
        let all = Self.naiveCycles(graph, rules).sorted { $0.lexicographicallyPrecedes($1) }
        var groups: [[Int32]: [[Int32]]] = [:]
        for cycle in all { groups[[cycle[0]] + cycle.map { graph.from[Int($0)] }, default: []].append(cycle) }
        var expected: [[Int32]: Int] = [:]
        for members in groups.values {
            func distance(_ c: [Int32]) -> Double { abs(log(graph.amount[Int(c.last!)] / graph.amount[Int(c[0])])) }
            let best = members.min { distance($0) < distance($1) }!  // min keeps the first of equals
            expected[best] = members.count - 1
        }
        let detector = CycleDetector(rules: rules)
        let found = detector.enumerate(graph: graph, threads: 2)
        let kept = detector.kept(found, graph: graph)
        var ours: [[Int32]: Int] = [:]
        for (index, alternatives) in kept { ours[Array(found.cycle(index))] = alternatives }
        #expect(ours == expected)
        #expect(all.count > expected.count + 20, "the fixture should have groups with alternatives")
    }
}
