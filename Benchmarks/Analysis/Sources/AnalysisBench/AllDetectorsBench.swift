import Foundation
import HawalaAnalysis
import HawalaCore

/// All detectors, default rules, on generated transfers: random brokers with skewed
/// (power-law-like) degrees over `days` days, lognormal amounts, one originator and one
/// beneficiary per transfer out of a large population.
enum AllDetectorsBench {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func normal() -> Double {
            let u = max(unit(), 1e-300)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
        }
    }

    static func run(transfers: Int, brokers: Int, days: Int, threads: Int, seed: UInt64) throws {
        var rng = Rng(state: seed)
        let c0 = cpuSeconds()
        let w0 = Date()
        let base: Int64 = 1_767_225_600  // 2026-01-01
        let span = Int64(days) * 86_400
        var times = (0..<transfers).map { _ in base + Int64(rng.unit() * Double(span)) }
        times.sort()
        let parties = max(1000, transfers / 5)
        // Skewed degrees: broker index = ⌊N·u²⌋ (broker 0 takes ~1/√N of all transfers);
        // receivers drawn from a shuffled ranking so hubs differ by direction.
        var receiverRank = Array(0..<brokers)
        for i in stride(from: brokers - 1, to: 0, by: -1) { receiverRank.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let names = (0..<brokers).map { "BRK-\($0)" }
        var builder = TransferGraph.Builder()
        builder.reserveCapacity(transfers)
        for (i, t) in times.enumerated() {
            let a = min(brokers - 1, Int(Double(brokers) * pow(rng.unit(), 2)))
            var b = receiverRank[min(brokers - 1, Int(Double(brokers) * pow(rng.unit(), 2)))]
            if b == a { b = (b + 1) % brokers }
            let amount = (exp(7.5 + 1.2 * rng.normal()) * 100).rounded() / 100
            builder.append(
                id: "T\(i)", time: t, sender: names[a], receiver: names[b],
                originator: "P\(rng.next() % UInt64(parties))", beneficiary: "Q\(rng.next() % UInt64(parties))",
                amount: amount)
        }
        times = []
        let graph = builder.build()
        print("generated + built: \(graph.edgeCount) transfers, \(graph.brokerCount) brokers, \(days) days: "
            + "\(fmt(cpuSeconds() - c0, 1)) CPU s, \(fmt(Date().timeIntervalSince(w0), 1)) wall s; peak \(fmt(peakMemoryMiB(), 0)) MiB")
        let a0 = cpuSeconds()
        let aw = Date()
        let result = try AnalysisEngine.run(graph: graph, rules: AnalysisRules(), threads: threads) { report in
            print("  " + report.line)
        }
        print("all detectors (default rules, threads \(threads)): \(fmt(cpuSeconds() - a0, 1)) CPU s, "
            + "\(fmt(Date().timeIntervalSince(aw), 1)) wall s, \(result.findings.count) findings")
        for note in result.notes { print("  note: \(note)") }
        print("peak resident memory (VmHWM): \(fmt(peakMemoryMiB(), 0)) MiB")
    }
}
