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

    @Test(arguments: [
        (maxLength: 2, gap: nil, band: false, min: 0.0),
        (maxLength: 3, gap: nil, band: false, min: 0.0),
        (maxLength: 4, gap: 6.0, band: false, min: 0.0),
        (maxLength: 6, gap: nil, band: false, min: 0.0),
        (maxLength: 6, gap: 5.0, band: false, min: 2_000.0),
        (maxLength: 7, gap: nil, band: true, min: 0.0),
    ] as [(maxLength: Int, gap: Double?, band: Bool, min: Double)])
    func sameCyclesAsTheNaiveEnumeration(_ c: (maxLength: Int, gap: Double?, band: Bool, min: Double)) throws {
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
            if c.maxLength >= 4 { #expect(expected.count >= 5) }
        }
    }
}
