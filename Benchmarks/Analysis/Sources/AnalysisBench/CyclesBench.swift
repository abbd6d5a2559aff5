import Foundation
import HawalaAnalysis
import HawalaCore

/// Cycle enumeration on the reference script's graph (W = 24 h, k = 6, no amount band),
/// beside the reference's own run on the same graph.
enum CyclesBench {
    static func run(csv: String, threads: Int, reference: String?) throws {
        let loadStart = cpuSeconds()
        var builder = TransferGraph.Builder()
        let lines = try dataLines(csv)
        builder.reserveCapacity(lines.count)
        for (n, line) in lines.enumerated() {
            let f = fields(line)
            guard f.count >= 5, let t = isoSeconds(f[1]), let amount = Double(string(f[4])) else {
                throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(csv):\(n + 2): bad row"])
            }
            builder.append(id: string(f[0]), time: t, sender: string(f[2]), receiver: string(f[3]), amount: amount)
        }
        let graph = builder.build()
        let loadCPU = cpuSeconds() - loadStart
        var rules = CycleRules()
        rules.windowHours = 24
        rules.maxLength = 6
        rules.amountBand = false
        rules.minAmount = 0
        rules.onePerPath = false  // every cycle, as the reference lists them
        let detector = CycleDetector(rules: rules)
        var best = Double.infinity
        var bestWall = Double.infinity
        var found: CycleDetector.Enumeration? = nil
        for _ in 0..<5 {
            let c0 = cpuSeconds()
            let w0 = Date()
            found = detector.enumerate(graph: graph, threads: threads)
            best = min(best, cpuSeconds() - c0)
            bestWall = min(bestWall, Date().timeIntervalSince(w0))
        }
        guard let found else { return }
        var byLength: [Int: Int] = [:]
        for i in 0..<found.count { byLength[found.cycle(i).count, default: 0] += 1 }
        let lengths = byLength.keys.sorted().map { "\($0):\(byLength[$0]!)" }.joined(separator: " ")
        print("graph: \(graph.edgeCount) transfers, \(graph.brokerCount) brokers; load + build \(fmt(loadCPU, 2)) CPU s")
        print("hawala cycle enumeration (threads \(threads), best of 5): \(fmt(best)) CPU s, \(fmt(bestWall)) wall s, "
            + "\(found.count) cycles (\(lengths)), \(found.edgeVisits) edge visits")
        if let reference {
            let json = try HawalaAnalysisBenchReference.runReference(reference)
            print("reference (\(reference)): \(json)")
        }
    }
}

enum HawalaAnalysisBenchReference {
    /// Runs the plain-Python reference on the same graph (same seed and shape as --write-csv).
    static func runReference(_ script: String) throws -> String {
        let out = try run(["python3", script, "--span-days", "2", "--window-hours", "24", "--length-bound", "6", "--timeout", "120"])
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
