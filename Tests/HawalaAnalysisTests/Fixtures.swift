import Foundation
import HawalaCore

@testable import HawalaAnalysis

/// A small hand-built graph: times in hours from 2026-01-01T00:00:00Z, amounts in USD.
struct GraphFixture {
    static let base: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z
    var builder = TransferGraph.Builder()
    private var next = 1

    /// Adds transfer `id` (default `E1`, `E2`, … in call order) from `a` to `b`.
    mutating func add(
        _ a: String, _ b: String, hour: Double, _ amount: Double = 10_000, id: String? = nil, originator: String? = nil,
        beneficiary: String? = nil
    ) {
        let name = id ?? "E\(next)"
        next += 1
        builder.append(
            id: name, time: GraphFixture.base + Int64((hour * 3600).rounded()), sender: a, receiver: b,
            originator: originator, beneficiary: beneficiary, amount: amount)
    }

    func build() -> TransferGraph { builder.build() }
}

/// Rules with every detector off except `typology`.
func only(_ typology: Typology, _ adjust: (inout AnalysisRules) -> Void = { _ in }) -> AnalysisRules {
    var rules = AnalysisRules().applying(only: [typology], skip: [])
    adjust(&rules)
    return rules
}

/// Runs the engine and returns its findings.
func findings(_ graph: TransferGraph, _ rules: AnalysisRules, threads: Int = 1) throws -> [Finding] {
    try AnalysisEngine.run(graph: graph, rules: rules, threads: threads).findings
}

/// A seeded pseudo-random generator (SplitMix64), so test graphs are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random graph: `brokers` brokers, `transfers` transfers over `hours`, amounts 500–20,000.
func randomGraph(brokers: Int, transfers: Int, hours: Double, seed: UInt64) -> TransferGraph {
    var rng = SplitMix(state: seed)
    var fixture = GraphFixture()
    for _ in 0..<transfers {
        let a = Int.random(in: 0..<brokers, using: &rng)
        var b = Int.random(in: 0..<(brokers - 1), using: &rng)
        if b >= a { b += 1 }
        fixture.add(
            "B\(a)", "B\(b)", hour: Double.random(in: 0..<hours, using: &rng), Double.random(in: 500..<20_000, using: &rng),
            originator: "P\(Int.random(in: 0..<brokers, using: &rng))")
    }
    return fixture.build()
}
